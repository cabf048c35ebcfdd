import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims, samplePayload, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/** Capture storage: partitions, payload checks, and search as the caller's role. */

let db: TempPostgres;
let owner: pg.Pool;
let memberA: Person, memberB: Person;
let deviceA: string, deviceB: string;

const list = (claims: Claims, args: Record<string, unknown>) =>
  withClaims(owner, claims, async (c) => {
    const { rows } = await c.query(
      "SELECT * FROM public.entries_filtered_list(target_workspace => $1, device_uuids => $2, hosts => $3, search_q => $4, before_id => $5, lim => $6)",
      [
        args.target_workspace ?? null,
        args.device_uuids ?? null,
        args.hosts ?? null,
        args.search_q ?? null,
        args.before_id ?? null,
        args.lim ?? null,
      ],
    );
    return rows as { id: string; host: string; device_uuid: string; path: string }[];
  });

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 4 });
  await createPerson(owner, "admin@example.com");
  memberA = await createPerson(owner, "a@example.com");
  memberB = await createPerson(owner, "b@example.com");
  deviceA = await createDevice(owner, memberA, "A");
  deviceB = await createDevice(owner, memberB, "B");
  // 3,000 captures each, A's and B's on the same hosts, a rare path on each side.
  for (const [device, side] of [
    [deviceA, "a"],
    [deviceB, "b"],
  ] as const) {
    await owner.query(
      `INSERT INTO public.entries (ts, device_uuid, payload)
       SELECT now() - make_interval(secs => g), $1,
              jsonb_build_object('source', 'vpn',
                'request', jsonb_build_object('method', 'GET', 'url',
                  CASE WHEN g % 1000 = 7 THEN 'https://api.stripe.com/v1/rare-' || $2 || '-' || g
                       ELSE 'https://api.common.example/items/' || g END),
                'response', jsonb_build_object('status', 200))
       FROM generate_series(1, 3000) g`,
      [device, side],
    );
  }
  await owner.query("ANALYZE public.entries");
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

describe("entries storage", () => {
  it("lands a capture whose time is outside every weekly partition in the default partition", async () => {
    const ts = "1999-01-01T00:00:00Z";
    await withClaims(owner, deviceClaims(deviceA), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES ($1, $2, $3)", [
        ts,
        deviceA,
        samplePayload("https://old.example/"),
      ]),
    );
    const { rows } = await owner.query("SELECT tableoid::regclass::text AS part FROM public.entries WHERE ts = $1", [
      ts,
    ]);
    expect(rows).toEqual([{ part: "busymate_partitions.entries_default" }]);
  });

  it("moves default-partition rows into a week's partition when it is created later", async () => {
    const ts = "2001-02-07T12:00:00Z";
    await withClaims(owner, deviceClaims(deviceA), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES ($1, $2, $3)", [
        ts,
        deviceA,
        samplePayload("https://late.example/"),
      ]),
    );
    await owner.query("SELECT busymate_private.ensure_entry_partitions($1, 1)", [ts]);
    const { rows } = await owner.query(
      "SELECT tableoid::regclass::text AS part, host FROM public.entries WHERE ts = $1",
      [ts],
    );
    expect(rows).toEqual([{ part: "busymate_partitions.entries_2001w06", host: "late.example" }]);
  });

  it("derives host, path, method, status and source from the payload", async () => {
    const { rows } = await owner.query(
      "SELECT host, path, method, status, source FROM public.entries WHERE url LIKE '%rare-a-7'",
    );
    expect(rows).toEqual([{ host: "api.stripe.com", path: "/v1/rare-a-7", method: "GET", status: 200, source: "vpn" }]);
  });

  it.each([
    ["no request", { source: "vpn", response: { status: 200 } }, "entries_payload_request_"],
    [
      "a relative URL",
      { source: "vpn", request: { method: "GET", url: "/x" }, response: { status: 200 } },
      "entries_payload_request_url_http",
    ],
    [
      "a lower-case method",
      { source: "vpn", request: { method: "get", url: "https://x.example/" }, response: { status: 200 } },
      "entries_payload_request_method_token",
    ],
    [
      "a string status",
      { source: "vpn", request: { method: "GET", url: "https://x.example/" }, response: { status: "200" } },
      "entries_payload_status_valid",
    ],
    [
      "neither response nor error",
      { source: "vpn", request: { method: "GET", url: "https://x.example/" } },
      "entries_payload_response_or_error",
    ],
    [
      "an unknown source",
      { source: "carrier-pigeon", request: { method: "GET", url: "https://x.example/" }, response: { status: 200 } },
      "entries_payload_source_valid",
    ],
  ])("rejects a payload with %s, naming the rule, even from the table's owner", async (_case, payload, constraint) => {
    // The owner is the one writer 0021's full TrafficLogEntry check skips; the CHECKs hold for everyone.
    await expect(
      owner.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [deviceA, payload]),
    ).rejects.toThrow(constraint);
  });
});

describe("entries_filtered_list and _count", () => {
  it("finds only the caller's rows for a search term both members' captures match", async () => {
    const rows = await list(memberA.claims, { search_q: "api.common", lim: 500 });
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((row) => row.device_uuid))).toEqual(new Set([deviceA]));
    const rare = await list(memberA.claims, { search_q: "STRIPE.com/v1/rare" });
    expect(rare.map((row) => row.path).sort()).toEqual(["/v1/rare-a-1007", "/v1/rare-a-2007", "/v1/rare-a-7"]);
    const countA = await withClaims(
      owner,
      memberA.claims,
      async (c) => (await c.query("SELECT public.entries_filtered_count(search_q => 'rare') AS n")).rows[0].n,
    );
    expect(Number(countA)).toBe(3);
  });

  it("asking for another member's device returns nothing", async () => {
    expect(await list(memberA.claims, { device_uuids: [deviceB] })).toEqual([]);
  });

  it("treats LIKE wildcards in the search term literally", async () => {
    expect(await list(memberA.claims, { search_q: "%" })).toEqual([]);
    expect(await list(memberA.claims, { search_q: "rare_a" })).toEqual([]);
  });

  it("pages newest-first by keyset with no gaps or duplicates", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await list(memberA.claims, {
        device_uuids: [deviceA],
        hosts: ["api.common.example"],
        before_id: before,
        lim: 450,
      });
      if (page.length === 0) break;
      seen.push(...page.map((row) => row.id));
      before = page[page.length - 1].id;
    }
    const { rows } = await owner.query(
      "SELECT id FROM public.entries WHERE device_uuid = $1 AND host = 'api.common.example' ORDER BY id DESC",
      [deviceA],
    );
    expect(seen).toEqual(rows.map((row) => row.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("caps lim at 500", async () => {
    expect(await list(memberA.claims, { lim: 100000 })).toHaveLength(500);
  });

  /** The plan of the search statement run inside the RPC, as member A, via auto_explain. */
  async function searchPlan(searchQ: string): Promise<{ plan: string; rows: number }> {
    // The search runs inside a SECURITY DEFINER function, so a plain EXPLAIN of the RPC shows
    // only a function scan. auto_explain reports the plan of the statement it runs inside,
    // as a NOTICE, while the session acts as member A.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const plans: string[] = [];
    client.on("notice", (notice) => plans.push(notice.message ?? ""));
    try {
      await client.query("LOAD 'auto_explain'");
      await client.query(
        "SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = 'notice'",
      );
      await client.query("BEGIN");
      await client.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify(memberA.claims)]);
      await client.query("SET LOCAL ROLE authenticated");
      const { rows } = await client.query("SELECT id FROM public.entries_filtered_list(search_q => $1)", [searchQ]);
      await client.query("ROLLBACK");
      return {
        plan: plans.find((plan) => plan.includes("FROM public.entries e") && plan.includes("Limit")) ?? "",
        rows: rows.length,
      };
    } finally {
      await client.end();
    }
  }

  it("uses the trigram index for a rare term when run as a member", async () => {
    const { plan, rows } = await searchPlan("rare-a-1");
    expect(rows).toBe(1);
    expect(plan).toMatch(
      /Bitmap Index Scan on entries_\w+_url_idx\s+\(cost[^)]*\)\s+Index Cond: \(url ~~\* '%rare%'::text\)/,
    );
  });

  it("gives the index only the term's most selective fragment and checks the whole term on what it finds", async () => {
    const { plan, rows } = await searchPlan("/v1/rare-a-1007");
    expect(rows).toBe(1);
    expect(plan).toMatch(/Index Cond: \(url ~~\* '%1007%'::text\)/);
    expect(plan).toContain("~~* '%/v1/rare-a-1007%'::text");
    const fragments = await owner.query(
      "SELECT busymate_private.search_fragment(t) AS f FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
      [["/v1/products/4242", "api.stripe.com", "https://www.example.com/", "ab", "GET /v1/categories/4242?x=1"]],
    );
    expect(fragments.rows.map((row) => row.f)).toEqual(["4242", "stripe", "example", null, "4242"]);
  });

  it("returns exactly what a plain case-insensitive substring match over the caller's devices returns", async () => {
    for (const term of ["rare-a", "items/12", "api.common.example/items/2999", "STRIPE", "/v1/rare-b", "ITEMS/1"]) {
      const found = (await list(memberA.claims, { search_q: term, lim: 500 })).map((row) => row.id);
      const { rows } = await owner.query(
        "SELECT id FROM public.entries WHERE device_uuid = $1 AND strpos(lower(url), lower($2)) > 0 ORDER BY id DESC LIMIT 500",
        [deviceA, term],
      );
      expect(found, term).toEqual(rows.map((row) => row.id));
    }
  });
});
