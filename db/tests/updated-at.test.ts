import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDevice, createPerson } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/** 0022: every Busymate table with updated_at keeps it on UPDATE, whoever updates. */

let db: TempPostgres;
let owner: pg.Pool;

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 2 });
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

it("no table of Busymate's schemas has updated_at without the touch trigger (a new table must add it)", async () => {
  const { rows } = await owner.query<{ table: string }>(
    `SELECT n.nspname || '.' || c.relname AS table
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at' AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND (n.nspname = 'public' OR n.nspname LIKE 'busymate\\_%')
       AND NOT EXISTS (
         SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE t.tgrelid = c.oid AND p.proname = 'touch_updated_at' AND NOT t.tgisinternal)
     ORDER BY 1`,
  );
  expect(rows.map((row) => row.table)).toEqual([]);
  const { rows: covered } = await owner.query(
    "SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'touch_updated_at' AND NOT tgisinternal",
  );
  expect(covered[0].n).toBeGreaterThanOrEqual(10);
});

it("an UPDATE moves updated_at; one that sets it itself keeps its value", async () => {
  const person = await createPerson(owner, "touch@example.com");
  const device = await createDevice(owner, person, "laptop");
  await owner.query("UPDATE public.devices SET updated_at = '2020-01-01T00:00:00Z' WHERE uuid = $1", [device]);
  const kept = await owner.query("SELECT updated_at FROM public.devices WHERE uuid = $1", [device]);
  expect(kept.rows[0].updated_at.toISOString()).toBe("2020-01-01T00:00:00.000Z");
  await owner.query("UPDATE public.devices SET name = 'renamed' WHERE uuid = $1", [device]);
  const moved = await owner.query(
    "SELECT updated_at > now() - interval '1 minute' AS fresh FROM public.devices WHERE uuid = $1",
    [device],
  );
  expect(moved.rows[0].fresh).toBe(true);
});
