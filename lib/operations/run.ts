import "server-only";
import type pg from "pg";
import type { z } from "zod";
import { withClaims } from "@/lib/db/with-claims";
import { CALLER_ROLE_SQL, callerRoleFrom, missingCapabilities } from "./caller-role";
import { AppError, fromZodError } from "@/lib/errors";
import { toAppError } from "@/lib/errors/database";
import { findUnstorableText } from "@/lib/errors/storable-text";
import { capabilityName, SCOPE_WRITE, type AnyOperation, type Caller, type Db, type Operation } from "./types";

/**
 * The one way to run an operation, for every adapter: validate the input (naming the field;
 * text PostgreSQL cannot store, NUL or a lone surrogate, is refused the same way),
 * refuse a write on a read-only token, then in ONE transaction as the caller (withClaims: RLS
 * and has_capability bind every statement) read the caller's role, check the operation's
 * capabilities, run the handler and check its output. Any failure rolls the whole change back.
 */

/** Results are kept well under the 25,000-token limit clients such as Claude Code enforce. */
export const RESULT_BUDGET_CHARS = 48_000;

/**
 * The dashboard renders results instead of feeding them to a model, so it may take a whole
 * capture (bodies as recorded) or a 500-row feed page in one answer.
 */
export const DASHBOARD_RESULT_BUDGET_CHARS = 16_000_000;

export interface RunOptions {
  /** Largest result in characters of JSON; adapters feeding a model keep the default. */
  resultBudget?: number;
}

function dbOf(client: pg.PoolClient): Db {
  return {
    async query<Row extends object>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as Row[];
    },
  };
}

export async function runOperation<Input extends z.ZodObject, Output extends z.ZodObject>(
  pool: pg.Pool,
  operation: Operation<Input, Output, string>,
  rawInput: unknown,
  caller: Caller,
  { resultBudget = RESULT_BUDGET_CHARS }: RunOptions = {},
): Promise<z.output<Output>> {
  const parsed = operation.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const unstorable = findUnstorableText(parsed.data);
  if (unstorable) throw unstorable;
  if (!operation.readOnly && !caller.scopes.has(SCOPE_WRITE)) {
    throw new AppError(
      "INSUFFICIENT_SCOPE",
      `${operation.name} changes data, and this token was granted read-only access.`,
      `Authorize again and grant read-write access (the ${SCOPE_WRITE} scope).`,
    );
  }
  try {
    // The role is read in withClaims's opening round trip: one fewer per call.
    return await withClaims(
      pool,
      caller.claims,
      async (client, roleRows) => {
        const db = dbOf(client);
        const role = callerRoleFrom(roleRows);
        const missing = missingCapabilities(operation.capabilities, role);
        if (missing.length > 0) {
          const names = missing.map(capabilityName).join(", ");
          throw new AppError(
            "FORBIDDEN",
            `Your role (${role.role?.slug ?? "none"}) lacks the ${names} capabilit${missing.length > 1 ? "ies" : "y"} that ${operation.name} needs.`,
            "Ask an admin to grant it under Settings → Roles; capabilities apply at once.",
          );
        }
        const output = operation.output.parse(await operation.handler(parsed.data, { caller, role, db }));
        const size = JSON.stringify(output).length;
        if (size > resultBudget) {
          throw new AppError(
            "RESULT_TOO_LARGE",
            `The result of ${operation.name} would be ${size} characters, over the ${resultBudget} allowed.`,
            "Ask for less: a smaller limit, fewer fields or shorter bodies.",
          );
        }
        return output;
      },
      CALLER_ROLE_SQL,
    );
  } catch (error) {
    throw toAppError(error);
  }
}

/** Whether the caller's role and token could use an operation at all (for listing tools). */
export function isAvailable(operation: AnyOperation, capabilities: ReadonlySet<string>): boolean {
  return operation.capabilities.every((capability) => capabilities.has(capabilityName(capability)));
}
