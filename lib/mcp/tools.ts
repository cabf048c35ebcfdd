import { McpServer, type ScopeChallengeHandler } from "@modelcontextprotocol/server";
import type pg from "pg";
import { runOperation, SCOPE_READ, SCOPE_WRITE, type AnyOperation, type Caller } from "@/lib/operations";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/errors/database";
import type { RateLimitResult } from "@/lib/rate-limit";
import { withCachedJsonSchema } from "./schema-cache";

/**
 * Operations as MCP tools. Each tool carries the operation's title, description, zod input
 * and output schemas and its annotations; a call runs the operation as the caller and answers
 * with `structuredContent` plus the same JSON as text (clients that drop structured content
 * still see everything). Business errors come back as `isError` results the model can act on,
 * without structuredContent, so a client never validates an error against the output schema.
 * A write on a token without busymate:write is answered before the tool runs by the SDK's
 * scope challenge: HTTP 403 insufficient_scope, so the client can step up.
 */

export const SERVER_INSTRUCTIONS = [
  "Busymate holds captured HTTP(S) traffic from a team's devices (iOS apps, proxies, the busymate CLI).",
  "Start with whoami to learn your role, capabilities and whether this token may write.",
  "Find traffic with search_entries (summaries, newest first) and count_entries; open one capture with get_entry.",
  "get_entry replaces credentials with named placeholders like {{AUTHORIZATION}} unless redact=false: never ask for raw secrets unless the user needs them.",
  "Lists are paginated: when truncated is true, call again with cursor = next_cursor and the same filters.",
  "Errors come back as results with isError and a JSON body {error:{code,message,remediation}}; follow the remediation.",
].join(" ");

/**
 * A write on a token without busymate:write: the challenge names every scope the call needs
 * (the step-up rule: clients ask again for the union), and says why.
 */
function writeChallenge(operation: AnyOperation): ScopeChallengeHandler {
  return ({ authInfo }) =>
    authInfo && !authInfo.scopes.includes(SCOPE_WRITE)
      ? {
          scopes: [SCOPE_READ, SCOPE_WRITE],
          errorDescription: `${operation.name} changes data and this token is read-only`,
        }
      : undefined;
}

export interface ToolContext {
  pool: pg.Pool;
  caller: Caller;
  /**
   * The rate limiter's verdict on this request's tool calls, started before the SDK parsed the
   * request so its database round trip overlaps that work; awaited before anything runs.
   */
  admission?: Promise<RateLimitResult>;
}

function errorResult(error: unknown) {
  const typed = toAppError(error);
  return { isError: true, content: [{ type: "text" as const, text: JSON.stringify({ error: typed.toJSON() }) }] };
}

export function registerTool(server: McpServer, operation: AnyOperation, context: ToolContext): void {
  server.registerTool(
    operation.name,
    {
      title: operation.title,
      description: operation.description,
      inputSchema: withCachedJsonSchema(operation.input),
      outputSchema: withCachedJsonSchema(operation.output),
      annotations: {
        title: operation.title,
        readOnlyHint: operation.readOnly,
        // Meaningful only for writes; said explicitly because clients default it to true.
        destructiveHint: operation.readOnly ? false : operation.destructive,
        idempotentHint: operation.idempotent,
        openWorldHint: false,
      },
      ...(operation.readOnly ? {} : { scopeChallenge: writeChallenge(operation) }),
    },
    async (args: unknown) => {
      try {
        const admitted = await context.admission;
        if (admitted && !admitted.allowed) {
          throw new AppError(
            "RATE_LIMITED",
            `Too many tool calls; try again in ${admitted.retryAfterSeconds} s.`,
            `Wait ${admitted.retryAfterSeconds} s before the next call.`,
          );
        }
        const output = (await runOperation(context.pool, operation, args, context.caller)) as Record<string, unknown>;
        return { content: [{ type: "text" as const, text: JSON.stringify(output) }], structuredContent: output };
      } catch (error) {
        return errorResult(error);
      }
    },
  );
}

export function createServer(version: string): McpServer {
  return new McpServer({ name: "busymate", title: "Busymate", version }, { instructions: SERVER_INSTRUCTIONS });
}
