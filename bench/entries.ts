import pg from "pg";
import { seedCaptures } from "@/db/seed/demo";
import { createEntryGenerator } from "@/lib/generator";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npm run bench:entries [-- --entries 1000000]`: capture search and ingest on a throwaway
 * embedded PostgreSQL.
 *  - entries_filtered_list as a member (RLS + scope), newest page and a page 500,000 deep,
 *    rare and common search terms: p50/p95 ms, against the same statement run as the owner
 *    without RLS (the baseline) in the same run. Target p95 < 50 ms.
 *  - Ingest: 1,000-row batches inserted as a device, rows/s, against the same batches into an
 *    identical table with no indexes, RLS or triggers. Target ≥ 5,000 rows/s and ≥ 0.4×.
 */

const total = Number(process.argv.find((arg) => arg.startsWith("--entries="))?.split("=")[1] ?? 1_000_000);
const RUNS = 25;
const INGEST_ROWS = 50_000;

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const fmt = (ms: number) => ms.toFixed(2).padStart(8);

async function timeRuns(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const db = await startTempPostgres();
const owner = new pg.Pool({ connectionString: db.url, max: 4 });
try {
  await createPerson(owner, "admin@bench.local");
  const memberA = await createPerson(owner, "a@bench.local");
  const memberB = await createPerson(owner, "b@bench.local");
  const devicesA = [await createDevice(owner, memberA, "A1"), await createDevice(owner, memberA, "A2")];
  const devicesB = [await createDevice(owner, memberB, "B1"), await createDevice(owner, memberB, "B2")];
  const client = await owner.connect();
  const seedStarted = performance.now();
  await seedCaptures(
    client,
    [...devicesA, ...devicesB].map((uuid) => ({ uuid, source: "vpn" as const })),
    total,
    { days: 28 },
  );
  await client.query("ANALYZE public.entries");
  client.release();
  console.log(`Seeded ${total} captures in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s.`);

  // A rare term: one specific product id; a common one: a host on ~30% of captures.
  const rare = "/v1/products/4242";
  const common = "api.acme-shop.com";
  const medium = "stripe"; // ~5 % of captures: too many for the index, too few to be everywhere
  const {
    rows: [deep],
  } = await owner.query<{ id: string }>(
    "SELECT id FROM public.entries WHERE device_uuid = ANY ($1) ORDER BY id DESC OFFSET 250000 LIMIT 1",
    [devicesA],
  );
  const cases: [string, { search_q: string | null; before_id: string | null }][] = [
    ["newest page", { search_q: null, before_id: null }],
    [`page ${(total / 2).toLocaleString()} deep (keyset)`, { search_q: null, before_id: deep?.id ?? null }],
    [`rare term "${rare}"`, { search_q: rare, before_id: null }],
    [`common term "${common}"`, { search_q: common, before_id: null }],
    [`medium term "${medium}"`, { search_q: medium, before_id: null }],
  ];
  const asMember = (claims: Claims, args: { search_q: string | null; before_id: string | null }) =>
    withClaims(owner, claims, (c) =>
      c.query("SELECT * FROM public.entries_filtered_list(search_q => $1, before_id => $2, lim => 200)", [
        args.search_q,
        args.before_id,
      ]),
    );
  const withoutRls = (args: { search_q: string | null; before_id: string | null }) =>
    owner.query(
      `SELECT e.id, e.ts, e.device_uuid, e.method, e.host, e.path, e.status, e.source, e.duration_ms FROM public.entries e
       WHERE e.device_uuid = ANY ($1) AND ($2::text IS NULL OR e.url ILIKE '%' || $2 || '%') AND ($3::bigint IS NULL OR e.id < $3)
       ORDER BY e.id DESC LIMIT 200`,
      [devicesA, args.search_q, args.before_id],
    );

  console.log(
    `\nentries_filtered_list as member A (${total.toLocaleString()} captures, A owns half), ${RUNS} runs each`,
  );
  console.log(
    "case                                   member p50  member p95  no-RLS p50  no-RLS p95   p95 ratio  target p95<50",
  );
  for (const [name, args] of cases) {
    const member = await timeRuns(() => asMember(memberA.claims, args));
    const baseline = await timeRuns(() => withoutRls(args));
    console.log(
      `${name.padEnd(38)} ${fmt(member.p50)}  ${fmt(member.p95)}  ${fmt(baseline.p50)}  ${fmt(baseline.p95)}   ${(member.p95 / baseline.p95).toFixed(2).padStart(7)}×  ${member.p95 < 50 ? "met" : "MISSED"}`,
    );
  }

  // Ingest -------------------------------------------------------------------------------
  const generator = createEntryGenerator({
    seed: 99,
    devices: [{ uuid: devicesA[0], source: "vpn" }],
    start: new Date(Date.now() - 3_600_000),
    end: new Date(),
    count: INGEST_ROWS,
  });
  const batches = Array.from({ length: INGEST_ROWS / 1000 }, () =>
    JSON.stringify(
      Array.from({ length: 1000 }, () => {
        const row = generator.next();
        return { ts: row.ts.toISOString(), device_uuid: row.deviceUuid, payload: row.payload };
      }),
    ),
  );
  const insertBatches = async (target: string, claims: Claims | undefined) => {
    const started = performance.now();
    for (const batch of batches) {
      const sql = `INSERT INTO ${target} (ts, device_uuid, payload) SELECT ts, device_uuid, payload FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, device_uuid uuid, payload jsonb)`;
      if (claims) await withClaims(owner, claims, (c) => c.query(sql, [batch]));
      else await owner.query(sql, [batch]);
    }
    return INGEST_ROWS / ((performance.now() - started) / 1000);
  };
  await owner.query("CREATE TABLE bench_plain (ts timestamptz, device_uuid uuid, payload jsonb)");
  const plain = await insertBatches("bench_plain", undefined);
  const device = await insertBatches("public.entries", deviceClaims(devicesA[0]));
  console.log(`\nIngest, ${INGEST_ROWS.toLocaleString()} rows in 1,000-row batches`);
  console.log(
    `  as a device into entries (RLS, checks, 4 indexes incl. trigram, broadcast trigger): ${Math.round(device)} rows/s  target ≥ 5,000  ${device >= 5000 ? "met" : "MISSED"}`,
  );
  console.log(
    `  baseline: same batches into a plain unindexed table:                                ${Math.round(plain)} rows/s`,
  );
  console.log(`  ratio ${(device / plain).toFixed(2)}×  target ≥ 0.4  ${device / plain >= 0.4 ? "met" : "MISSED"}`);
} finally {
  await owner.end();
  await db.stop();
}
