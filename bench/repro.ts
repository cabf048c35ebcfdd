import pg from "pg";
import { withClaims } from "@/lib/db/with-claims";
import { createEntryGenerator } from "@/lib/generator";
import { AppError } from "@/lib/errors";
import { findOperation, runOperation } from "@/lib/operations";
import { buildReproOperation } from "@/lib/operations/repro/build-repro";
import { callerOf } from "@/lib/operations/testing";
import { Recorder } from "@/lib/repro/testing/recorder";
import { oauthCodePkce } from "@/lib/repro/testing/schemes/oauth-code-pkce";
import { createDevice, createPerson, deviceClaims } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npm run bench:repro`: time to build a repro for a 200- and a 2,000-entry selection, against
 * reading the same entries one by one with get_entry (the baseline), in the same run, as a
 * member under RLS on a throwaway embedded PostgreSQL. Target: < 500 ms for 200 entries.
 *  - "flow + noise": one recorded authorization-code + PKCE flow inside the selection, the rest
 *    the noise an app makes (assets, analytics, flags, preflights). Through runOperation.
 *  - "dense app traffic": the demo generator's captures, where most requests carry tokens
 *    handed out earlier, so nearly every entry is correlated and kept. Its programs are larger
 *    than the 48,000-character result budget, so runOperation would refuse them
 *    (RESULT_TOO_LARGE): the same handler is timed in the caller's transaction, and the size
 *    is printed.
 */

const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const db = await startTempPostgres();
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
pool.on("error", () => undefined);
try {
  await createPerson(pool, "admin@bench.local");
  const member = await createPerson(pool, "member@bench.local", "member");
  const device = await createDevice(pool, member, "phone");
  const caller = callerOf(member, { write: false });

  // The flow and its noise, recorded against the loopback replay server.
  const credentials = oauthCodePkce.credentials();
  const service = await oauthCodePkce.start(credentials);
  const recorder = new Recorder();
  await oauthCodePkce.record(service, credentials, recorder);
  for (let i = 0; i < 500; i++) await recorder.noise(service.server.origins[1]);
  await service.server.close();
  const flowAndNoise = recorder.entries.map((e) => e.entry);

  const generator = createEntryGenerator({
    seed: 42,
    devices: [{ uuid: device, source: "vpn" }],
    start: new Date(Date.now() - 86_400_000),
    end: new Date(),
    count: 2_000,
  });
  const dense = Array.from({ length: 2_000 }, () => generator.next().payload);

  async function store(payloads: unknown[]): Promise<number[]> {
    await withClaims(pool, deviceClaims(device), async (client) => {
      for (const payload of payloads)
        await client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
          device,
          payload,
        ]);
    });
    const { rows } = await pool.query<{ id: string }>(
      "SELECT id FROM public.entries WHERE device_uuid = $1 ORDER BY id DESC LIMIT $2",
      [device, payloads.length],
    );
    return rows.map((r) => Number(r.id)).reverse();
  }
  const flowIds = await store(flowAndNoise);
  const denseIds = await store(dense);

  const getEntry = findOperation("get_entry")!;
  const buildRepro = findOperation("build_repro")!;
  const readAll = (ids: number[]) => async () => {
    for (const id of ids) await runOperation(pool, getEntry, { entry_id: id }, caller);
  };
  const viaRun = (ids: number[]) => () => runOperation(pool, buildRepro, { entry_ids: ids }, caller);
  const viaHandler = (ids: number[]) => () =>
    withClaims(pool, member.claims, (client) =>
      buildReproOperation.handler(
        { entry_ids: ids, language: "node" },
        {
          caller,
          role: { role: null, capabilities: new Set() } as never,
          db: { query: async (sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as never },
        },
      ),
    );

  console.log("selection               entries  build_repro ms  get_entry×N ms  ratio  steps  result chars");
  for (const [label, ids, sizes] of [
    ["flow + noise", flowIds, [200, 2_000]],
    ["dense app traffic", denseIds, [200, 2_000]],
  ] as const) {
    for (const size of sizes) {
      const selection = ids.slice(0, size);
      if (selection.length < size) throw new Error(`only ${selection.length} entries for a ${size}-entry selection`);
      const dense = label === "dense app traffic";
      let result: { steps: unknown[] } | undefined;
      try {
        result = (await (dense ? viaHandler(selection) : viaRun(selection))()) as { steps: unknown[] };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        console.log(`${label} ${size}: ${error.code} ${error.message}`);
        continue;
      }
      const build = await time(dense ? viaHandler(selection) : viaRun(selection));
      const read = await time(readAll(selection));
      console.log(
        `${label.padEnd(22)} ${String(size).padStart(8)} ${build.toFixed(1).padStart(15)} ${read.toFixed(1).padStart(15)} ${(build / read).toFixed(2).padStart(6)} ${String(result.steps.length).padStart(6)} ${String(JSON.stringify(result).length).padStart(13)}`,
      );
    }
  }
  console.log(`Median of ${RUNS} runs after one warm-up; target < 500 ms for 200 entries.`);
} finally {
  await pool.end();
  await db.stop();
}
