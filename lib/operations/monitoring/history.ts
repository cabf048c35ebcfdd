import { z } from "zod";
import { isoRequired } from "../fields";
import { defineOperation } from "../types";

/** History behind the stats and status pages: rollups kept by the 60 s job and the status trigger (0018). */

const WINDOWS = {
  "1h": { stepSeconds: 60, points: 60, hours: false },
  "24h": { stepSeconds: 300, points: 288, hours: false },
  "7d": { stepSeconds: 3600, points: 168, hours: true },
} as const;

const STATUS_LABELS: Record<string, string> = {
  "0": "no response",
  "1": "1xx",
  "2": "2xx",
  "3": "3xx",
  "4": "4xx",
  "5": "5xx",
};
const MAX_DEVICE_SERIES = 8;

const series = z.object({ key: z.string(), label: z.string(), counts: z.array(z.number()) });

export const getStatsHistory = defineOperation({
  name: "get_stats_history",
  title: "Captures over time",
  description:
    "Captures per time bucket over the last hour (1-minute buckets), day (5-minute) or week (1-hour), split by status class " +
    "('0' = no response, '2' = 2xx…), by device (the 8 busiest plus 'other') or as one total. From the rollup the 60 s stats job " +
    "keeps, so the newest minute may lag by up to a minute. counts[i] is the bucket starting at start + i × step_seconds.",
  domain: "monitoring",
  input: z
    .object({
      window: z.enum(["1h", "24h", "7d"]).default("1h"),
      by: z.enum(["status_class", "device", "total"]).default("status_class"),
    })
    .strict(),
  output: z.object({
    window: z.enum(["1h", "24h", "7d"]),
    by: z.enum(["status_class", "device", "total"]),
    start: z.string().describe("Start of the first bucket (ISO 8601)"),
    step_seconds: z.number(),
    total: z.number(),
    series: z.array(series),
  }),
  capabilities: [{ section: "stats", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { window: "24h", by: "status_class" },
  async handler({ window, by }, { db }) {
    const { stepSeconds, points, hours } = WINDOWS[window];
    // The per-series rollup (0020): a bucket holds one row per status class or device, however busy the fleet.
    const rows = await db.query<{ start: Date; slot: number; key: string; n: string }>(
      `WITH w AS (
         SELECT to_timestamp((floor(extract(epoch FROM now()) / $1) - ($2 - 1)) * $1) AS start
       )
       SELECT w.start, floor(extract(epoch FROM s.bucket - w.start) / $1)::int AS slot,
              CASE WHEN $5 THEN 'all' ELSE s.key END AS key, sum(s.captures) AS n
       FROM public.stats_series s, w
       WHERE s.bucket >= w.start AND s.grain = CASE WHEN $3 THEN 'hour' ELSE 'minute' END AND s.dim = $4
       GROUP BY 1, 2, 3`,
      [stepSeconds, points, hours, by === "device" ? "device" : "class", by === "total"],
    );
    const [{ start }] =
      rows.length > 0
        ? rows
        : await db.query<{ start: Date }>(
            "SELECT to_timestamp((floor(extract(epoch FROM now()) / $1) - ($2 - 1)) * $1) AS start",
            [stepSeconds, points],
          );
    const byKey = new Map<string, number[]>();
    for (const row of rows) {
      if (row.slot < 0 || row.slot >= points) continue;
      const counts = byKey.get(row.key) ?? new Array<number>(points).fill(0);
      counts[row.slot] += Number(row.n);
      byKey.set(row.key, counts);
    }
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    let entries = [...byKey.entries()].filter(([, counts]) => sum(counts) > 0);
    let labels: Record<string, string> = {};
    if (by === "status_class") {
      entries.sort(([a], [b]) => a.localeCompare(b));
      labels = STATUS_LABELS;
    } else if (by === "device") {
      entries.sort(([, a], [, b]) => sum(b) - sum(a));
      if (entries.length > MAX_DEVICE_SERIES) {
        const rest = entries.slice(MAX_DEVICE_SERIES - 1);
        const other = new Array<number>(points).fill(0);
        for (const [, counts] of rest) counts.forEach((n, i) => (other[i] += n));
        entries = [...entries.slice(0, MAX_DEVICE_SERIES - 1), ["other", other]];
      }
      // Names the caller may see (own-scope roles see their own devices'); others by a short id.
      const names = await db.query<{ uuid: string; name: string }>(
        "SELECT uuid::text, name FROM public.devices WHERE uuid = ANY($1::uuid[])",
        [entries.map(([key]) => key).filter((key) => key !== "other")],
      );
      labels = Object.fromEntries(names.map((d) => [d.uuid, d.name]));
      labels.other = "other devices";
    } else {
      labels = { all: "captures" };
    }
    return {
      window,
      by,
      start: isoRequired(start),
      step_seconds: stepSeconds,
      total: entries.reduce((acc, [, counts]) => acc + sum(counts), 0),
      series: entries.map(([key, counts]) => ({ key, label: labels[key] ?? `device ${key.slice(0, 8)}`, counts })),
    };
  },
});

interface StatusRow {
  at: Date;
  overall: string;
  cpu: number | null;
  load1: number | null;
  mem_used_mb: number | null;
  mem_total_mb: number | null;
  components: { key: string; up: boolean; latencyMs?: number; httpStatus?: number }[];
}

const nullableNumbers = z.array(z.number().nullable());

export const getStatusHistory = defineOperation({
  name: "get_status_history",
  title: "Status over time",
  description:
    "The status probe's recent samples (about every 10 s) as columns: time, overall, host CPU fraction, 1-minute load, memory, " +
    "and per component up/down and latency; plus incidents (a component down, and when it came back) of the last 7 days, newest first.",
  domain: "monitoring",
  input: z
    .object({ minutes: z.number().int().min(5).max(120).default(60).describe("How far back the samples go") })
    .strict(),
  output: z.object({
    at: z.array(z.number()).describe("Sample times, epoch milliseconds"),
    overall: z.array(z.string()),
    cpu: nullableNumbers,
    load1: nullableNumbers,
    mem_used_mb: nullableNumbers,
    mem_total_mb: nullableNumbers,
    components: z.array(
      z.object({ key: z.string(), up: z.array(z.boolean().nullable()), latency_ms: nullableNumbers }),
    ),
    incidents: z.array(
      z.object({
        id: z.number(),
        component: z.string(),
        label: z.string(),
        down_at: z.string(),
        up_at: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
  }),
  capabilities: [{ section: "status", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { minutes: 60 },
  async handler({ minutes }, { db }) {
    const rows = await db.query<StatusRow>(
      `SELECT at, overall, cpu, load1, mem_used_mb, mem_total_mb, components FROM public.status_history
       WHERE at > now() - make_interval(mins => $1) ORDER BY at`,
      [minutes],
    );
    const incidents = await db.query<{
      id: string;
      component: string;
      label: string;
      down_at: Date;
      up_at: Date | null;
      error: string | null;
    }>(
      "SELECT id, component, label, down_at, up_at, error FROM public.status_incidents WHERE down_at > now() - interval '7 days' ORDER BY down_at DESC, id DESC LIMIT 100",
    );
    const keys = [...new Set(rows.flatMap((row) => row.components.map((c) => c.key)))];
    const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));
    return {
      at: rows.map((row) => row.at.getTime()),
      overall: rows.map((row) => row.overall),
      cpu: rows.map((row) => round(row.cpu, 3)),
      load1: rows.map((row) => round(row.load1, 2)),
      mem_used_mb: rows.map((row) => round(row.mem_used_mb, 0)),
      mem_total_mb: rows.map((row) => round(row.mem_total_mb, 0)),
      components: keys.map((key) => {
        const samples = rows.map((row) => row.components.find((c) => c.key === key));
        return {
          key,
          up: samples.map((s) => (s ? s.up : null)),
          latency_ms: samples.map((s) => (s?.latencyMs === undefined ? null : s.latencyMs)),
        };
      }),
      incidents: incidents.map((i) => ({
        ...i,
        id: Number(i.id),
        down_at: isoRequired(i.down_at),
        up_at: i.up_at ? isoRequired(i.up_at) : null,
      })),
    };
  },
});
