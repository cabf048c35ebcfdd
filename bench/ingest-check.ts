import { randomUUID } from "node:crypto";
import pg from "pg";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npx tsx --import ./scripts/node-hooks.mjs bench/ingest-check.ts`: what 0021's per-row
 * TrafficLogEntry check costs a device's upload. 500-row REST-shaped batches (INSERT … SELECT
 * FROM jsonb_array_elements, as the stand-in sends them) of CLI-like captures (12 headers a
 * side, 1 KB bodies), inserted as the device with the check on and, as the baseline, the same
 * batches with the check's trigger disabled. Rounds alternate so a busy machine hits both alike.
 */

const ROWS = 10_000;
const BATCH = 500;
const ROUNDS = 3;

const headers = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `x-header-${i}`, value: `value ${i} `.repeat(4) }));
const payload = (i: number) => ({
  id: randomUUID(),
  startedAt: new Date(Date.now() - i).toISOString(),
  source: "cli",
  request: {
    method: "POST",
    url: `https://api.example.com/v1/items/${i}?page=${i % 7}`,
    httpVersion: "HTTP/1.1",
    headers: headers(12),
    queryString: [{ name: "page", value: String(i % 7) }],
    body: { encoding: "text", content: "x".repeat(1024), size: 1024, mimeType: "application/json", truncated: false },
  },
  response: {
    status: 200,
    statusText: "OK",
    httpVersion: "HTTP/1.1",
    headers: headers(12),
    body: { encoding: "text", content: "y".repeat(1024), size: 1024, mimeType: "application/json", truncated: false },
  },
  timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0.1, wait: 12.5, receive: 0.4 },
  durationMs: 13,
  tls: { serverName: "api.example.com", alpn: "http/1.1" },
  client: { ip: "127.0.0.1", port: 50000 + (i % 10000) },
});

const db = await startTempPostgres();
const owner = new pg.Pool({ connectionString: db.url, max: 2 });
try {
  const person = await createPerson(owner, "bench@bench.local");
  const device = await createDevice(owner, person, "bench laptop");
  const insert = async () => {
    const started = performance.now();
    for (let at = 0; at < ROWS; at += BATCH) {
      const batch = Array.from({ length: BATCH }, (_, i) => ({
        ts: new Date().toISOString(),
        payload: payload(at + i),
      }));
      await withClaims(owner, deviceClaims(device), (client) =>
        client.query(
          `INSERT INTO public.entries (ts, device_uuid, payload)
           SELECT (r ->> 'ts')::timestamptz, $1, r -> 'payload' FROM jsonb_array_elements($2::jsonb) AS r
           ON CONFLICT (capture_id, ts) DO NOTHING`,
          [device, JSON.stringify(batch)],
        ),
      );
    }
    return ROWS / ((performance.now() - started) / 1000);
  };
  const toggle = (on: boolean) =>
    owner.query(`ALTER TABLE public.entries ${on ? "ENABLE" : "DISABLE"} TRIGGER entries_ingest_check`);
  await insert(); // warm: plans, caches, the partition
  const checked: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await toggle(false);
    baseline.push(await insert());
    await toggle(true);
    checked.push(await insert());
  }
  const total = Number((await owner.query("SELECT count(*) AS n FROM public.entries")).rows[0].n);
  const started = performance.now();
  await owner.query("SELECT count(busymate_private.traffic_log_entry_problem(payload)) FROM public.entries");
  const checkMs = performance.now() - started;
  const scanStarted = performance.now();
  await owner.query("SELECT count(jsonb_typeof(payload)) FROM public.entries");
  const scanMs = performance.now() - scanStarted;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`rows per run ${ROWS}, batches of ${BATCH}, ${ROUNDS} rounds (alternating)`);
  console.log(
    `baseline (check disabled): ${baseline.map((r) => r.toFixed(0)).join(", ")} rows/s, mean ${mean(baseline).toFixed(0)}`,
  );
  console.log(
    `with the 0021 check:       ${checked.map((r) => r.toFixed(0)).join(", ")} rows/s, mean ${mean(checked).toFixed(0)}`,
  );
  console.log(`ratio ${(mean(checked) / mean(baseline)).toFixed(2)}×`);
  console.log(
    `the check alone over ${total} stored payloads: ${(((checkMs - scanMs) / total) * 1000).toFixed(1)} µs a row (a plain scan of them as the baseline: ${((scanMs / total) * 1000).toFixed(1)} µs)`,
  );
} finally {
  await owner.end();
  await db.stop();
}
