import "server-only";
import { jsonSchema, tool, type Schema, type ToolSet } from "ai";
import type pg from "pg";
import { z } from "zod";
import { withClaims } from "@/lib/db/with-claims";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/errors/database";
import { availableOperations } from "@/lib/operations";
import { runOperation } from "@/lib/operations/run";
import type { AnyOperation, Caller } from "@/lib/operations/types";
import { artifactOf } from "./artifacts";
import type { Emit } from "./events";
import type { Redactor } from "./redact";
import { deviceOf, offeredToBusybro } from "./tool-policy";

export interface ToolContext {
  pool: pg.Pool;
  caller: Caller;
  redactor: Redactor;
  emit: Emit;
  signal: AbortSignal;
}

async function assertOwnDevice(ctx: ToolContext, deviceUuid: string): Promise<void> {
  const [row] = await withClaims(ctx.pool, ctx.caller.claims, async (client) => {
    const { rows } = await client.query<{ mine: boolean }>(
      "SELECT owner_user_id = auth.uid() AS mine FROM public.devices WHERE uuid = $1",
      [deviceUuid],
    );
    return rows;
  });
  if (!row?.mine)
    throw new AppError(
      "FORBIDDEN",
      `BusyBro changes only devices you own; ${deviceUuid} is not one of yours.`,
      "Make this change in the dashboard or over MCP, where your role decides.",
    );
}

// An operation's JSON Schema never changes: converting ~55 zod schemas on every question
// was most of BusyBro's own cost per answer.
const schemas = new WeakMap<AnyOperation, Schema<unknown>>();

function inputSchemaOf(operation: AnyOperation): Schema<unknown> {
  let schema = schemas.get(operation);
  if (!schema) {
    schema = jsonSchema<unknown>(z.toJSONSchema(operation.input, { io: "input" }) as Parameters<typeof jsonSchema>[0], {
      validate: (value) => {
        const parsed = operation.input.safeParse(value);
        return parsed.success ? { success: true, value: parsed.data } : { success: false, error: parsed.error };
      },
    });
    schemas.set(operation, schema);
  }
  return schema;
}

/**
 * One operation as a model tool: run as the asker through the registry (RLS, capabilities,
 * read-only tokens), and the result redacted before the model provider sees it. A refusal is
 * the tool's result, so the model can explain it or try something else.
 */
function operationTool(operation: AnyOperation, ctx: ToolContext) {
  return tool({
    description: operation.description,
    inputSchema: inputSchemaOf(operation),
    execute: async (input: unknown) => {
      ctx.signal.throwIfAborted();
      ctx.emit({ event: "tool", data: { label: `${operation.title}…` } });
      try {
        const device = deviceOf(input);
        if (!operation.readOnly && device) await assertOwnDevice(ctx, device);
        const result = await runOperation(ctx.pool, operation, input, ctx.caller);
        const redacted = await ctx.redactor.redact(result);
        const artifact = artifactOf(operation, redacted);
        if (artifact) ctx.emit({ event: "artifact", data: artifact });
        return redacted;
      } catch (error) {
        return { error: toAppError(error, `BusyBro's ${operation.name}`).toJSON() };
      }
    },
  });
}

/** The tools a question gets: the registry's operations this caller may use, less what BusyBro never offers. */
export async function operationTools(ctx: ToolContext): Promise<{ tools: ToolSet; names: string[] }> {
  const operations = (await availableOperations(ctx.pool, ctx.caller)).filter(offeredToBusybro);
  const tools: ToolSet = {};
  for (const operation of operations) tools[operation.name] = operationTool(operation, ctx);
  return { tools, names: operations.map((operation) => operation.name) };
}

export const runTaskInput = z.object({
  agent: z.string().min(1).max(100).describe("The specialist's slug (list_agents shows them)"),
  task: z.string().min(1).max(4000).describe("What the specialist should do, self-contained"),
});
