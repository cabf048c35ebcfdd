import { connection } from "next/server";
import { serverConfig } from "@/lib/config";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { instanceSurfaces } from "@/lib/instance/surfaces";
import { realtimeSnippet } from "@/lib/instance/realtime-snippet";
import { toolsSummary } from "@/lib/mcp/tool-docs";

/** A plain-text guide for AI agents, written with this instance's own URLs. */
export const GET = withErrors(async () => {
  await connection();
  const config = serverConfig();
  const surfaces = instanceSurfaces(config);
  const url = (name: string) => surfaces.find((surface) => surface.name === name)!.url;
  const text = `# Busymate

> Busymate is a team dashboard for captured HTTP(S) traffic. Devices (an iOS app, a proxy,
> the busymate CLI) capture request/response pairs into PostgreSQL; people and agents read
> them by role, live, and ask the assistant BusyBro to explain and reproduce what an app does.

Instance: ${config.appUrl}

## Surfaces
${surfaces.map((surface) => `- ${surface.name}: ${surface.url} — ${surface.purpose}`).join("\n")}

## Authenticate
One OAuth 2.1 access token opens REST, Realtime, MCP and Ask. External clients discover the
authorization server at ${url("OAuth discovery")}, register dynamically, and run the
authorization-code flow with PKCE (S256) and a resource indicator. Send the token as
\`Authorization: Bearer <token>\`. REST additionally needs the project's publishable key in the
\`apikey\` header. Every call is bounded by row-level security and your role's capabilities: you
see and change only what your role allows.

## Quick start
- List recent captures: GET ${url("REST")}entries?select=id,ts,host&order=ts.desc&limit=20
- Search captures: POST ${url("REST")}rpc/entries_filtered_list with {"search_q":"login","lim":50}
- Connect an MCP client to ${url("MCP")} (Streamable HTTP); it will walk you through OAuth.
- Ask BusyBro: POST ${url("Ask")} with {"question":"How does this app sign in?"}

## Live updates (Realtime)
Subscribe with supabase-js, passing the token in the \`accessToken\` option (not in
\`global.headers\`: Realtime never sees that header, joins as anon and gets \`new: {}\` with
"Error 401"), and set it on the socket before subscribing:

\`\`\`js
${realtimeSnippet(config.NEXT_PUBLIC_SUPABASE_URL, config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY)}\`\`\`

## Ask BusyBro
POST ${url("Ask")} with \`Authorization: Bearer <token>\` and {"question": "…", "history"?: [{"role","text"}], "context"?, "priorAnswer"?}.
Send \`Accept: text/event-stream\` for SSE events text {delta}, tool {label}, artifact {…}, done {answer}, error {message} (and \`: ping\` comments); otherwise one {"answer"}. 401 without a valid token, 400 without a question, 503 (saying what to set) when no model is configured.

## MCP tools
Every dashboard read and write, at ${url("MCP")} (tools/list shows those your role may use; writes need a
read-write token). Parameters and an example call for each: docs/mcp-tools.md in the repository.
${toolsSummary().join("\n")}

## Errors
App routes answer failures as JSON with a fitting HTTP status:
{"error":{"code":"NOT_FOUND","message":"…","remediation":"…"}}
Follow \`remediation\` before retrying. REST keeps PostgREST's {code,message,details,hint};
OAuth endpoints use RFC 6749 errors. Sensitive routes (sign-in, token, register, ask) are rate
limited and answer 429 with Retry-After.

## Health
- ${url("Health")} → {"status":"ok"} while the process lives.
- ${config.appUrl}/health/ready → 200 when the database answers and migrations are applied, else 503 naming what failed.
`;
  return new Response(text, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
});

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
