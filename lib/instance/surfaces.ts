import type { ServerConfig } from "@/lib/config";

/** Where each of this instance's surfaces lives; one list for /llms.txt and the home page. */
export interface Surface {
  name: string;
  url: string;
  purpose: string;
}

export function instanceSurfaces(config: Pick<ServerConfig, "appUrl" | "NEXT_PUBLIC_SUPABASE_URL">): Surface[] {
  const app = config.appUrl;
  const supabase = config.NEXT_PUBLIC_SUPABASE_URL.replace(/\/$/, "");
  const realtime = supabase.replace(/^http/, "ws");
  return [
    { name: "Dashboard", url: `${app}/`, purpose: "The team dashboard for people." },
    {
      name: "REST",
      url: `${supabase}/rest/v1/`,
      purpose: "PostgREST: read and write tables, call the integrator RPCs.",
    },
    {
      name: "Realtime",
      url: `${realtime}/realtime/v1/websocket`,
      purpose: "Phoenix websocket: broadcast channels ws:<workspace_id>, device:<uuid>, and postgres_changes.",
    },
    {
      name: "MCP",
      url: `${app}/mcp`,
      purpose: "Model Context Protocol over Streamable HTTP: every dashboard read and write as tools.",
    },
    {
      name: "Ask",
      url: `${app}/functions/v1/ask`,
      purpose: "BusyBro, the assistant: POST a question, get SSE events or JSON.",
    },
    {
      name: "OAuth discovery",
      url: `${app}/.well-known/oauth-authorization-server`,
      purpose: "OAuth 2.1 metadata: dynamic client registration, PKCE S256.",
    },
    {
      name: "First-party token",
      url: `${app}/first-party-token`,
      purpose: "The dashboard's session exchanged for the same access token.",
    },
    { name: "Version", url: `${app}/api/version`, purpose: "The running release: version, commit, build time." },
    { name: "Health", url: `${app}/health`, purpose: "Liveness; /health/ready adds the database and migrations." },
  ];
}
