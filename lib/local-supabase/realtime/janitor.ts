import type pg from "pg";

/** Supabase keeps realtime.messages (daily partitions) for three days; so does the stand-in. */
export const MESSAGE_RETENTION = "3 days";
const SWEEP_EVERY_MS = 3_600_000;
const BATCH = 10_000;

/**
 * Realtime's janitor: realtime.messages gets a row for every database broadcast (one per
 * new capture and workspace, for one), so old rows are deleted hourly, in batches that keep
 * each transaction short. Supabase drops whole day partitions; here the table is plain.
 */
export async function deleteOldMessages(pool: pg.Pool): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `DELETE FROM realtime.messages WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM realtime.messages WHERE inserted_at < now()::timestamp - $1::interval LIMIT $2))`,
      [MESSAGE_RETENTION, BATCH],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) return deleted;
  }
}

export function startJanitor(pool: pg.Pool, log: (line: string) => void): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await deleteOldMessages(pool);
    } catch (error) {
      log(`realtime: deleting old realtime.messages failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
