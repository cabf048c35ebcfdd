import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineOperation } from "../types";

/** The two single-row snapshot feeds of 002_efeba1667f4df5a6.txt, in the seed's shapes. */

const countMix = z.record(z.string(), z.number());

export const statsSnapshot = z.object({
  total_devices: z.number(),
  online_devices: z.number(),
  total_entries: z.number(),
  entries_1h: z.number(),
  entries_24h: z.number(),
  requests_per_sec: z.number(),
  status_class_mix: countMix.describe('Captures of the last 24 h by status class, e.g. {"2": 7321, "4": 410}'),
  source_mix: countMix.describe("Captures of the last 24 h by capture source (vpn, pac, cdp, proxy, cli)"),
  connection_type_mix: countMix.describe("Devices by their current connection type"),
  top_domains: z.array(z.object({ host: z.string(), count: z.number() })),
  top_devices: z.array(z.object({ device_uuid: z.string(), name: z.string(), count: z.number() })),
  generated_at: z.string(),
});

export const statusSnapshot = z.object({
  overall: z.enum(["ok", "degraded", "down"]),
  host: z
    .object({
      cpu: z.number().describe("load fraction 0..1"),
      load: z.array(z.number()).describe("1/5/15-minute load averages"),
      mem: z.object({ usedMb: z.number(), totalMb: z.number() }),
      uptime: z.number().describe("seconds"),
    })
    .optional(),
  components: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      probe: z.object({
        up: z.boolean(),
        httpStatus: z.number().optional(),
        latencyMs: z.number().optional(),
        error: z.string().optional(),
      }),
      unitState: z.string().optional(),
    }),
  ),
});

export const getStats = defineOperation({
  name: "get_stats",
  title: "Fleet stats",
  description:
    "The live fleet-stats snapshot: device counts (total, online), capture totals (all time, last hour, last 24 h), requests per second, " +
    "status-class, source and connection-type mixes, and the busiest domains and devices. Refreshed every 60 s; computed on the spot " +
    "if it was never refreshed. Takes no parameters.",
  domain: "monitoring",
  input: z.object({}).strict(),
  output: statsSnapshot,
  capabilities: [{ section: "stats", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    const [cached] = await db.query<{ snapshot: Record<string, unknown> }>(
      "SELECT snapshot FROM public.service_stats WHERE id = 1",
    );
    if (cached && "generated_at" in cached.snapshot) return statsSnapshot.parse(cached.snapshot);
    const [fresh] = await db.query<{ snapshot: unknown }>("SELECT public.get_stats() AS snapshot");
    return statsSnapshot.parse(fresh.snapshot);
  },
});

export const getStatus = defineOperation({
  name: "get_status",
  title: "Service status",
  description:
    "The infrastructure health snapshot: overall (ok, degraded or down), host CPU, load, memory and uptime, and a reachability probe per " +
    "component (dashboard, database, auth, REST, realtime) with latency. Updated about every 10 s. Takes no parameters.",
  domain: "monitoring",
  input: z.object({}).strict(),
  output: statusSnapshot,
  capabilities: [{ section: "status", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: {},
  async handler(_input, { db }) {
    const [row] = await db.query<{ snapshot: unknown }>("SELECT snapshot FROM public.service_status WHERE id = 1");
    if (!row)
      throw new AppError(
        "NOT_FOUND",
        "No status snapshot has been written yet.",
        "The status probe writes one every 10 s; try again shortly.",
      );
    return statusSnapshot.parse(row.snapshot);
  },
});
