import { createWriteStream, type WriteStream } from "node:fs";

/**
 * An append-only log in BUSYMATE_HOME that survives a full disk. A bare WriteStream emits
 * `error` on ENOSPC (unhandled, that ends the launcher and the app with it) and is dead
 * afterwards. Here a failed write is reported once, in plain words, lines are dropped (and
 * counted) while the disk stays full, the file is reopened at most once a second, and the
 * first write that lands again says so. Logs are the one thing we let go of: the database
 * keeps its own data, and the app keeps serving.
 */

const RETRY_MS = 1_000;

export interface LogFile {
  write(line: string): void;
  close(): Promise<void>;
}

export function openLogFile(file: string, say: (line: string) => void, now: () => number = Date.now): LogFile {
  let stream: WriteStream | undefined;
  let outage: { code: string; dropped: number; retryAt: number } | undefined;
  let closed = false;

  const open = () => {
    const opened = createWriteStream(file, { flags: "a" });
    opened.on("error", (error: NodeJS.ErrnoException) => {
      if (stream !== opened) return;
      stream = undefined;
      opened.destroy();
      const code = error.code ?? "EIO";
      if (!outage)
        say(`cannot write ${file}: ${describeWriteError(error)}; log lines are dropped until it can be written again.`);
      outage = { code, dropped: (outage?.dropped ?? 0) + 1, retryAt: now() + RETRY_MS };
    });
    stream = opened;
    return opened;
  };
  open();

  return {
    write(line) {
      if (closed) return;
      if (!stream) {
        if (outage && now() < outage.retryAt) {
          outage.dropped++;
          return;
        }
        const reopened = open();
        reopened.write(line, (error) => {
          if (error || stream !== reopened || !outage) return;
          say(`${file} is writable again (${outage.dropped} log lines were dropped while it was not).`);
          outage = undefined;
        });
        return;
      }
      stream.write(line);
    },
    close() {
      closed = true;
      const current = stream;
      stream = undefined;
      if (!current) return Promise.resolve();
      return new Promise((resolve) => {
        current.once("error", () => resolve());
        current.end(() => resolve());
      });
    },
  };
}

export function describeWriteError(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOSPC") return "no space left on the device (ENOSPC) — free some space";
  if (error.code === "EDQUOT") return "the disk quota is used up (EDQUOT) — free some space";
  if (error.code === "EROFS") return "the file system is read-only (EROFS)";
  return error.message;
}
