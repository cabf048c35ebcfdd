import type { Job } from "./schedule";

export interface RetentionRun {
  dropped: { name: string; bytes: number; reason: "days" | "size"; rows: number }[];
  freed_bytes: number;
  trimmed_rows: number;
  orphans: number;
  cutoff: string | null;
}

/**
 * Applies the retention setting (`enforce_retention`, 0023): drops whole weeks older than the
 * cutoff or over the size cap, then trims the default partition by at most 10 × 5,000 rows, so
 * one tick never holds a long transaction; a backlog is worked off tick by tick. Hourly: a
 * setting that keeps days of captures gains nothing from finer steps.
 */
export function retention(log: (line: string) => void = () => undefined, everyMs = 3_600_000): Job {
  return {
    name: "retention",
    everyMs,
    lockKey: 7_412_023,
    async run(client) {
      const { rows } = await client.query<{ result: RetentionRun }>(
        "SELECT busymate_private.enforce_retention(5000, 10) AS result",
      );
      const result = rows[0].result;
      if (result.dropped.length > 0 || result.trimmed_rows > 0) {
        const names = result.dropped.map((d) => d.name).join(", ") || "none";
        log(
          `retention: dropped ${names} (${Math.round(result.freed_bytes / 1024)} KiB), trimmed ${result.trimmed_rows} older captures`,
        );
      }
    },
  };
}
