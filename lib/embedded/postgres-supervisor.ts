import { startPostgres, type EmbeddedPostgresOptions, type RunningPostgres } from "@/lib/embedded/postgres";

/**
 * The embedded PostgreSQL, kept running. A server that dies on its own (killed, OOM, a
 * crash) is started again on the same data directory: PostgreSQL's crash recovery replays
 * the WAL, so every committed transaction is there, and the app's pools, the stand-in's
 * LISTEN connection and Realtime's replication stream reconnect by themselves. Only a
 * server that keeps dying (more than `maxRestarts` within `windowMs`) is given up on.
 */

export interface SupervisorOptions extends EmbeddedPostgresOptions {
  /** One line per event a person may want to know about (exit, restart, giving up). */
  say?: (line: string) => void;
  maxRestarts?: number;
  windowMs?: number;
  /** How long one restart keeps trying (orphaned backends of a killed postmaster hold its shared memory for a moment). */
  restartForMs?: number;
}

export interface SupervisedPostgres {
  url: string;
  /** The running postmaster's pid (it changes with each restart). */
  pid(): number;
  /** Rejects once the supervisor gives up; never settles otherwise. */
  failed: Promise<never>;
  stop(): Promise<void>;
}

const RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000];

export async function superviseEmbeddedPostgres(options: SupervisorOptions): Promise<SupervisedPostgres> {
  const { say = () => undefined, maxRestarts = 5, windowMs = 60_000, restartForMs = 60_000 } = options;
  let current: RunningPostgres = await startPostgres(options);
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const restarts: number[] = [];
  let giveUp!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (giveUp = reject));
  // Nobody may be listening yet; the rejection is still delivered to later `.then`/`catch`.
  failed.catch(() => undefined);

  const restart = async (code: number | null): Promise<void> => {
    const now = Date.now();
    restarts.push(now);
    while (restarts.length > 0 && restarts[0] < now - windowMs) restarts.shift();
    if (restarts.length > maxRestarts) {
      giveUp(new Error(`PostgreSQL exited ${restarts.length} times within ${windowMs / 1000} s (last code ${code})`));
      return;
    }
    say(`PostgreSQL exited unexpectedly (code ${code}); starting it again.`);
    const deadline = Date.now() + restartForMs;
    for (let attempt = 0; !stopping; attempt++) {
      try {
        current = await startPostgres(options);
        say(`PostgreSQL   running again (pid ${current.pid}); committed data recovered from the WAL.`);
        watch(current);
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          giveUp(new Error(`PostgreSQL could not be started again: ${(error as Error).message}`));
          return;
        }
        await new Promise((resolve) =>
          setTimeout(resolve, RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]),
        );
      }
    }
  };

  const watch = (server: RunningPostgres) => {
    void server.exited.then((code) => {
      if (stopping || server !== current) return;
      restarting = restart(code).finally(() => (restarting = undefined));
    });
  };
  watch(current);

  return {
    url: current.url,
    pid: () => current.pid,
    failed,
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
