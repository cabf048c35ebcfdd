import type pg from "pg";
import { readCallerRole } from "./caller-role";
import { isAvailable } from "./run";
import { SCOPE_WRITE, type AnyOperation, type Caller } from "./types";

/**
 * The operations a caller can use right now: those their role's capabilities allow (read from
 * the database as the caller), and only the read-only ones when the token may not write.
 * For adapters that offer tools to a model (BusyBro); /mcp lists writes to read-only tokens
 * on purpose, so the client learns it can step up.
 */
export async function availableOperations(
  pool: pg.Pool,
  caller: Caller,
  operations: readonly AnyOperation[],
): Promise<AnyOperation[]> {
  const role = await readCallerRole(pool, caller.claims);
  const mayWrite = caller.scopes.has(SCOPE_WRITE);
  return operations.filter(
    (operation) => isAvailable(operation, role.capabilities) && (mayWrite || operation.readOnly),
  );
}
