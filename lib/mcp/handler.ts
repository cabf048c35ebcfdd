import "server-only";
import {
  createMcpHandler,
  hostHeaderValidationResponse,
  originValidationResponse,
  type AuthInfo,
} from "@modelcontextprotocol/server";
import type pg from "pg";
import { AccessTokenError, bearerToken, unauthorizedResponse, type VerifiedAccessToken } from "@/lib/auth";
import { isAvailable, OPERATIONS, readCallerRole, type Caller } from "@/lib/operations";
import { toAppError } from "@/lib/errors/database";
import { callerFromToken } from "@/lib/operations/caller";
import { hitRateLimit, type RateLimitPolicy, type RateLimitResult } from "@/lib/rate-limit";
import { planOf, type RequestPlan } from "./request-plan";
import { MCP_TOOL_CALLS, rateLimitSubject } from "./rate-limit";
import { cachingVerifier } from "./token-cache";
import { toolSelection, type ToolSelection } from "./tool-selection";
import { createServer, registerTool } from "./tools";

/**
 * The /mcp endpoint as a fetch handler (Request → Response), so the Next.js route and a plain
 * node:http server in tests host the very same code. In front of the SDK's createMcpHandler
 * (2026-07-28 stateless, with the stateless 2025-11-25 fallback: GET/DELETE answer 405) it
 * checks what the SDK leaves to its host: Host and Origin (DNS rebinding), a Bearer token on
 * every request (401 naming the protected-resource metadata), and the per-person tool-call
 * rate limit. Nothing is kept between requests: any instance can serve any request.
 */

export interface McpEndpointOptions {
  /** Pool the operations run on, each inside withClaims as the caller. */
  pool: pg.Pool;
  /** Verifies a Busymate access token for this resource (signature, iss, aud, exp). */
  verify: (token: string) => Promise<VerifiedAccessToken>;
  /** The app's origin; the MCP resource is `${origin}/mcp`. */
  origin: string;
  /** Host names (no port) requests may be addressed to, and browser origins may come from. */
  allowedHostnames: string[];
  /** Owner pool for the shared rate-limit table; without one, calls are not limited. */
  rateLimitPool?: pg.Pool;
  rateLimit?: RateLimitPolicy;
  version: string;
}

export const MCP_PATH = "/mcp";
const MAX_BODY_BYTES = 4 * 1024 * 1024;

interface Extra {
  caller: Caller;
  plan: RequestPlan;
  selected: ToolSelection;
  admission?: Promise<RateLimitResult>;
  /** Read before the SDK runs for tools/list, so a refused person gets a 401, not a JSON-RPC 500. */
  role?: CallerRole;
}

type CallerRole = Awaited<ReturnType<typeof readCallerRole>>;

function jsonRpcError(status: number, message: string, headers: HeadersInit = {}): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32000, message } }, { status, headers });
}

/** The body as JSON when it parses; otherwise the request rebuilt so the SDK answers the parse error. */
async function readBody(request: Request): Promise<{ request: Request; parsed?: unknown } | Response> {
  if (request.method !== "POST") return { request };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return jsonRpcError(413, "The request body is too large.");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return jsonRpcError(413, "The request body is too large.");
  try {
    return { request, parsed: JSON.parse(text) };
  } catch {
    return { request: new Request(request.url, { method: "POST", headers: request.headers, body: text }) };
  }
}

export function createMcpEndpoint(options: McpEndpointOptions): (request: Request) => Promise<Response> {
  const resource = new URL(`${options.origin.replace(/\/+$/, "")}${MCP_PATH}`);
  const resourceMetadataUrl = `${resource.origin}/.well-known/oauth-protected-resource${MCP_PATH}`;
  const policy = options.rateLimit ?? MCP_TOOL_CALLS;
  const verify = cachingVerifier(options.verify);

  /** Counts `calls` tool calls of this person and client; a database failure lets them through (and is logged). */
  async function admit(sub: string, clientId: string, calls: number): Promise<RateLimitResult> {
    try {
      for (let i = 0; i < calls; i++) {
        const result = await hitRateLimit(options.rateLimitPool!, policy, rateLimitSubject(sub, clientId));
        if (!result.allowed) return result;
      }
    } catch (error) {
      console.warn(`[busymate] mcp rate limit unavailable: ${(error as Error).message}`);
    }
    return { allowed: true, retryAfterSeconds: 0 };
  }

  const mcp = createMcpHandler(
    async ({ authInfo }) => {
      const { caller, plan, selected, admission, role: listed } = authInfo!.extra as unknown as Extra;
      const server = createServer(options.version);
      const context = { pool: options.pool, caller, admission };
      const offered = OPERATIONS.filter(selected);
      const called = plan.kind === "call" ? offered.find((operation) => operation.name === plan.tool) : undefined;
      if (called) {
        // Registered whatever the role: the operation checks the capability in the database and
        // answers a clear isError, rather than an opaque "tool not found".
        registerTool(server, called, context);
      } else if (plan.kind === "list") {
        const role = listed ?? (await readCallerRole(options.pool, caller.claims));
        for (const operation of offered)
          if (isAvailable(operation, role.capabilities)) registerTool(server, operation, context);
      } else {
        // initialize, server/discover, a tool not offered: capabilities only, no database needed.
        for (const operation of offered) registerTool(server, operation, context);
      }
      return server;
    },
    { legacy: "stateless", onerror: (error) => console.warn(`[busymate] mcp: ${error.message}`) },
  );

  return async function handle(incoming: Request): Promise<Response> {
    const rejected =
      hostHeaderValidationResponse(incoming, options.allowedHostnames) ??
      originValidationResponse(incoming, options.allowedHostnames);
    if (rejected) return rejected;

    let token: VerifiedAccessToken;
    try {
      token = await verify(bearerToken(incoming.headers));
    } catch (error) {
      if (!(error instanceof AccessTokenError)) throw error;
      return unauthorizedResponse(error, { origin: resource.origin, resourcePath: MCP_PATH });
    }

    const body = await readBody(incoming);
    if (body instanceof Response) return body;
    const plan = planOf(body.parsed);
    const caller = callerFromToken(token);
    let role: CallerRole | undefined;
    if (plan.kind === "list") {
      try {
        role = await readCallerRole(options.pool, caller.claims);
      } catch (error) {
        // A deactivated person (the database's gate): the same 401 as a refused token.
        const typed = toAppError(error, "mcp tools/list");
        if (typed.code !== "UNAUTHORIZED") throw error;
        return unauthorizedResponse(new AccessTokenError("invalid", typed.message), {
          origin: resource.origin,
          resourcePath: MCP_PATH,
        });
      }
    }

    // Not awaited here: the tool awaits it before running, so the round trip overlaps the SDK's work.
    const admission =
      plan.calls > 0 && options.rateLimitPool ? admit(token.sub, token.client_id, plan.calls) : undefined;

    const authInfo: AuthInfo = {
      token: bearerToken(incoming.headers),
      clientId: token.client_id,
      scopes: [...token.scopes],
      expiresAt: token.exp,
      resource,
      resourceMetadataUrl,
      extra: {
        caller,
        plan,
        selected: toolSelection(incoming.url),
        admission,
        role,
      } satisfies Extra as unknown as Record<string, unknown>,
    };
    return mcp.fetch(body.request, { authInfo, ...(body.parsed === undefined ? {} : { parsedBody: body.parsed }) });
  };
}
