import pg from "pg";
import { expect } from "vitest";
import { type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";
import { callerFor } from "./caller";
import { AppError, type ErrorCode } from "@/lib/errors";
import { findOperation } from "./index";
import { runOperation } from "./run";
import type { CallOperation } from "./registry-types";
import type { Caller } from "./types";

/**
 * Test harness for operations: a throwaway database with every migration, an owner pool for
 * setup and assertions (bypasses RLS), and a request pool the operations run on as callers.
 */
export interface OperationsDb {
  postgres: TempPostgres;
  owner: pg.Pool;
  pool: pg.Pool;
  stop(): Promise<void>;
}

export async function startOperationsDb(): Promise<OperationsDb> {
  const postgres = await startTempPostgres();
  const owner = new pg.Pool({ connectionString: postgres.url, max: 3 });
  const pool = new pg.Pool({ connectionString: postgres.url, max: 5 });
  // Idle connections are cut when the cluster stops; that is expected at teardown.
  for (const p of [owner, pool]) p.on("error", () => undefined);
  return {
    postgres,
    owner,
    pool,
    async stop() {
      await pool.end();
      await owner.end();
      await postgres.stop();
    },
  };
}

/** A caller as a verified Busymate token makes it: read-write unless `write` is false. */
export function callerOf(person: Person, { write = true, clientId = "test-client" } = {}): Caller {
  return callerFor(person.id, { write, clientId });
}

/** Runs an operation by name as `caller`; the result as the operation returns it. */
export async function run<T = Record<string, unknown>>(
  db: OperationsDb,
  name: string,
  input: unknown,
  caller: Caller,
): Promise<T> {
  const operation = findOperation(name);
  if (!operation) throw new Error(`No operation ${name}`);
  return (await runOperation(db.pool, operation, input, caller)) as T;
}

/** The CallOperation the dashboard's data folders take, running in-process on the test database. */
export function callAs(db: OperationsDb, caller: Caller): CallOperation {
  return ((name: string, input: unknown) => run(db, name, input, caller)) as CallOperation;
}

/** Asserts the call fails with this business error code (and, for validation, this field). */
export async function expectRefused(call: Promise<unknown>, code: ErrorCode, field?: string): Promise<AppError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}, but the call succeeded`).toBeInstanceOf(AppError);
  const typed = error as AppError;
  expect({ code: typed.code, message: typed.message }).toMatchObject({ code });
  if (field !== undefined) expect(typed.field).toBe(field);
  return typed;
}

/** A custom role with exactly these capabilities ("section:action"), created as the owner. */
export async function createRoleWith(
  owner: pg.Pool,
  slug: string,
  capabilities: string[],
  scope: "own" | "fleet" = "own",
): Promise<void> {
  const { rows } = await owner.query<{ id: string }>(
    "INSERT INTO public.roles (slug, name, scope) VALUES ($1, $1, $2) RETURNING id",
    [slug, scope],
  );
  for (const capability of capabilities) {
    const [section, action] = capability.split(":");
    await owner.query("INSERT INTO public.role_capabilities (role_id, section, action) VALUES ($1, $2, $3)", [
      rows[0].id,
      section,
      action,
    ]);
  }
}

/** Sends a heartbeat for a device, `secondsAgo` in the past. */
export async function heartbeat(owner: pg.Pool, deviceUuid: string, secondsAgo = 0): Promise<void> {
  await owner.query(
    `INSERT INTO public.device_status (device_uuid, last_heartbeat_at, source, vpn_state) VALUES ($1, now() - make_interval(secs => $2), 'vpn', 'connected')
     ON CONFLICT (device_uuid) DO UPDATE SET last_heartbeat_at = EXCLUDED.last_heartbeat_at`,
    [deviceUuid, secondsAgo],
  );
}

/** The id of the newest capture of a device. */
export async function newestEntryId(owner: pg.Pool, deviceUuid: string): Promise<number> {
  const { rows } = await owner.query<{ id: string }>(
    "SELECT id FROM public.entries WHERE device_uuid = $1 ORDER BY id DESC LIMIT 1",
    [deviceUuid],
  );
  return Number(rows[0].id);
}
