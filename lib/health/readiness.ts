import "server-only";
import { migrationStatus } from "@/lib/db/migrations";
import { ownerPool } from "@/lib/db/pool";

export interface Check {
  ok: boolean;
  detail: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: Check; migrations: Check };
}

/** Ready means: the database answers, and every migration this build ships is applied. */
export async function readiness(projectDir = process.cwd()): Promise<Readiness> {
  const pool = ownerPool();
  try {
    await pool.query("select 1");
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, detail: `unreachable: ${(error as Error).message}` },
        migrations: { ok: false, detail: "unknown while the database is unreachable" },
      },
    };
  }
  const status = await migrationStatus(pool, projectDir);
  const migrationsOk = status.pending.length === 0;
  return {
    ready: migrationsOk,
    checks: {
      database: { ok: true, detail: "answers" },
      migrations: {
        ok: migrationsOk,
        detail: migrationsOk
          ? `${status.applied} of ${status.expected} applied`
          : `${status.pending.length} pending: ${status.pending.join(", ")}`,
      },
    },
  };
}
