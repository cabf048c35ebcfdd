import { parseArgs } from "node:util";
import pg from "pg";
import { z } from "zod";
import { seedCaptures } from "@/db/seed/demo";
import { exitWithFailure, maintenanceDatabaseUrl } from "@/lib/db/database-url";

/**
 * `npm run db:seed -- --entries 1000000 [--days 28] [--seed 7]`: adds generated captures
 * for the devices already in the database (for benchmarks and load).
 */
const options = z
  .object({
    entries: z.coerce.number().int().min(1).max(50_000_000),
    days: z.coerce.number().int().min(1).max(365).default(28),
    seed: z.coerce.number().int().default(7),
  })
  .parse(
    parseArgs({ options: { entries: { type: "string" }, days: { type: "string" }, seed: { type: "string" } } }).values,
  );

try {
  const client = new pg.Client({ connectionString: await maintenanceDatabaseUrl() });
  await client.connect();
  const { rows: devices } = await client.query<{ uuid: string; source: "vpn" | "proxy" }>(
    "SELECT uuid, CASE WHEN kind = 'proxy' THEN 'proxy' ELSE 'vpn' END AS source FROM public.devices ORDER BY created_at",
  );
  if (devices.length === 0)
    throw new Error("there are no devices to attach captures to; start Busymate once so the demo seed creates some");
  const started = performance.now();
  await seedCaptures(client, devices, options.entries, { seed: options.seed, days: options.days });
  await client.query("ANALYZE public.entries");
  await client.end();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Added ${options.entries} captures in ${seconds.toFixed(1)} s (${Math.round(options.entries / seconds)} rows/s).`,
  );
} catch (error) {
  exitWithFailure("Seeding", error);
}
