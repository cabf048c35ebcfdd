import type pg from "pg";

/**
 * A periodic database job. Ticks never overlap, a failing tick is logged and the next one
 * still runs, and every tick takes a transaction-scoped advisory lock first, so when
 * several app instances share one database only one of them does each job at a time.
 */
export interface Job {
  name: string;
  everyMs: number;
  /** A stable number per job for `pg_try_advisory_xact_lock`. */
  lockKey: number;
  run(client: pg.PoolClient): Promise<void>;
}

export interface RunningJob {
  stop(): Promise<void>;
  /** Runs one tick now (what the timer does), for start-up and tests. */
  tick(): Promise<"ran" | "skipped" | "failed">;
  /** Resolves once the tick in progress (the first starts at once) has finished. */
  settled(): Promise<void>;
}

export function schedule(pool: pg.Pool, job: Job, log: (line: string) => void): RunningJob {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<"ran" | "skipped" | "failed"> => {
    let client: pg.PoolClient | undefined;
    let broken: Error | undefined;
    try {
      // Inside the try: with the database away (restarting, say) connecting fails, and that
      // is a failed tick like any other, not an unhandled rejection.
      client = await pool.connect();
      await client.query("BEGIN");
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [
        job.lockKey,
      ]);
      if (!rows[0].locked) {
        await client.query("ROLLBACK");
        return "skipped";
      }
      await job.run(client);
      await client.query("COMMIT");
      return "ran";
    } catch (error) {
      await client?.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      log(`worker ${job.name} failed: ${(error as Error).message}`);
      return "failed";
    } finally {
      // A client whose connection died is destroyed, not put back for the next tick.
      client?.release(broken);
    }
  };

  const loop = () => {
    if (stopped) return;
    current = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, job.everyMs);
    });
  };
  loop();

  return {
    tick,
    settled: () =>
      current.then(
        () => undefined,
        () => undefined,
      ),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}
