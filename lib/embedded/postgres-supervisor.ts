import { startPostgres, type EmbeddedPostgresOptions, type RunningPostgres } from "@/lib/embedded/postgres";

/**
 * The embedded PostgreSQL, kept running. A server that dies on its own (killed, OOM, a
 * PANIC) is started again on the same data directory: PostgreSQL's crash recovery replays
 * the WAL, so every committed transaction is there, and the app's pools, the stand-in's
 * LISTEN connection and Realtime's replication stream reconnect by themselves.
 *
 * A full disk is waited out: PostgreSQL PANICs when it cannot write WAL and cannot start
 * again until there is room, so while its start fails for lack of space the supervisor says
 * so once and keeps trying every few seconds, for as long as it takes. Only a server that
 * keeps dying after starting (more than `maxRestarts` within `windowMs`), or that cannot be
 * started for another reason for `restartForMs`, is given up on.
 */

export interface SupervisorOptions extends EmbeddedPostgresOptions {
  /** One line per event a person may want to know about (exit, restart, full disk, giving up). */
  say?: (line: string) => void;
  maxRestarts?: number;
  windowMs?: number;
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
const NO_SPACE = /No space left on device|could not extend file|Disk quota exceeded/i;

export async function superviseEmbeddedPostgres(options: SupervisorOptions): Promise<SupervisedPostgres> {
  const { say = () => undefined, maxRestarts = 5, windowMs = 60_000, restartForMs = 60_000 } = options;
  // The last PANIC/FATAL line names why a server died (a bare exit code does not).
  let lastFatal: string | undefined;
  const serverOptions: EmbeddedPostgresOptions = {
    ...options,
    onLog: (line) => {
      if (/\b(PANIC|FATAL):/.test(line)) lastFatal = line.replace(/^.*?\b(PANIC|FATAL):\s*/, "$1: ");
      options.onLog?.(line);
    },
  };
  let current: RunningPostgres = await startPostgres(serverOptions);
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const crashes: number[] = [];
  let giveUp!: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (giveUp = reject));
  // Nobody may be listening yet; the rejection still reaches later handlers.
  failed.catch(() => undefined);

  const restart = async (code: number | null): Promise<void> => {
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0] < now - windowMs) crashes.shift();
    const why = lastFatal ? `: ${lastFatal}` : "";
    if (crashes.length > maxRestarts) {
      giveUp(new Error(`PostgreSQL exited ${crashes.length} times within ${windowMs / 1000} s (code ${code}${why})`));
      return;
    }
    say(`PostgreSQL exited unexpectedly (code ${code}${why}); starting it again.`);
    let deadline = Date.now() + restartForMs;
    let waitingForSpace = false;
    for (let attempt = 0; !stopping; attempt++) {
      lastFatal = undefined;
      try {
        current = await startPostgres(serverOptions);
        say(`PostgreSQL   running again (pid ${current.pid}); committed data recovered from the WAL.`);
        watch(current);
        return;
      } catch (error) {
        const reason = lastFatal ?? (error as Error).message;
        if (NO_SPACE.test(reason) || NO_SPACE.test((error as Error).message)) {
          if (!waitingForSpace)
            say(
              `PostgreSQL cannot start: no space left on the disk holding ${options.dataDir} (${reason}). Free some space; it starts again by itself.`,
            );
          waitingForSpace = true;
          deadline = Date.now() + restartForMs;
        } else if (Date.now() > deadline) {
          giveUp(new Error(`PostgreSQL could not be started again: ${reason}`));
          return;
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        await new Promise((resolve) => setTimeout(resolve, delay));
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
