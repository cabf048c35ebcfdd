import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { completeEntry, createDevice, createPerson, deviceClaims, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/** The feed's additions to search (0011_feed.sql): method and status-class filters, sizes, host suggestions. */

let db: TempPostgres;
let owner: pg.Pool;
let memberA: Person, memberB: Person;
let deviceA: string, deviceB: string;

interface Row {
  id: string;
  method: string;
  status: number | null;
  host: string;
  response_size: string | null;
}

const list = (claims: Claims, args: Record<string, unknown>) =>
  withClaims(owner, claims, async (c) => {
    const { rows } = await c.query<Row>(
      `SELECT * FROM public.entries_filtered_list(device_uuids => $1, hosts => $2, search_q => $3, before_id => $4, lim => $5,
         methods => $6, status_classes => $7)`,
      [
        args.device_uuids ?? null,
        args.hosts ?? null,
        args.search_q ?? null,
        args.before_id ?? null,
        args.lim ?? null,
        args.methods ?? null,
        args.status_classes ?? null,
      ],
    );
    return rows;
  });

const countOf = (claims: Claims, args: Record<string, unknown>) =>
  withClaims(owner, claims, async (c) => {
    const { rows } = await c.query<{ n: string }>(
      "SELECT public.entries_filtered_count(hosts => $1, search_q => $2, methods => $3, status_classes => $4) AS n",
      [args.hosts ?? null, args.search_q ?? null, args.methods ?? null, args.status_classes ?? null],
    );
    return Number(rows[0].n);
  });

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 4 });
  await createPerson(owner, "admin@example.com");
  memberA = await createPerson(owner, "a@example.com");
  memberB = await createPerson(owner, "b@example.com");
  deviceA = await createDevice(owner, memberA, "A");
  deviceB = await createDevice(owner, memberB, "B");
  // 300 captures each: methods cycle GET/POST/DELETE, statuses 200/404/503 or no response.
  for (const device of [deviceA, deviceB]) {
    await owner.query(
      `INSERT INTO public.entries (ts, device_uuid, payload)
       SELECT now() - make_interval(secs => g), $1,
              jsonb_build_object('source', 'vpn',
                'request', jsonb_build_object('method', (ARRAY['GET','POST','DELETE'])[g % 3 + 1], 'url',
                  'https://' || (ARRAY['api.shop.example','cdn.shop.example'])[g % 2 + 1] || '/items/' || g))
              || CASE WHEN g % 4 = 3 THEN jsonb_build_object('error', jsonb_build_object('code', 'ETIMEDOUT', 'message', 'timed out'))
                      ELSE jsonb_build_object('response', jsonb_build_object('status', (ARRAY[200, 404, 503])[g % 4 + 1], 'bodySize', 10,
                             'body', jsonb_build_object('encoding', 'text', 'content', 'x', 'size', g, 'truncated', false))) END
       FROM generate_series(1, 300) g`,
      [device],
    );
  }
  await owner.query("ANALYZE public.entries");
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

describe("feed filters", () => {
  it("narrows by method and status class, pages by keyset, and counts the same rows", async () => {
    const filter = { methods: ["POST"], status_classes: [4] };
    const seen: Row[] = [];
    let before: string | null = null;
    for (;;) {
      const page = await list(memberA.claims, { ...filter, lim: 7, before_id: before });
      seen.push(...page);
      if (page.length < 7) break;
      before = page[page.length - 1].id;
    }
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.method === "POST" && r.status === 404)).toBe(true);
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    expect(await countOf(memberA.claims, filter)).toBe(seen.length);
  });

  it("treats class 0 as captures without a response", async () => {
    const rows = await list(memberA.claims, { status_classes: [0], lim: 500 });
    expect(rows).toHaveLength(75);
    expect(rows.every((r) => r.status === null)).toBe(true);
    expect(await countOf(memberA.claims, { status_classes: [0, 5] })).toBe(150);
  });

  it("combines with hosts and search, and never returns another member's captures", async () => {
    const rows = await list(memberB.claims, {
      hosts: ["cdn.shop.example"],
      search_q: "/items/1",
      methods: ["GET", "DELETE"],
      lim: 500,
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.host === "cdn.shop.example" && r.method !== "POST")).toBe(true);
    const ids = new Set((await list(memberA.claims, { lim: 500 })).map((r) => r.id));
    expect(rows.some((r) => ids.has(r.id))).toBe(false);
  });

  it("reports the body size, and HAR's transfer size when there is no body", async () => {
    const [row] = await list(memberA.claims, { status_classes: [2], lim: 1 });
    expect(Number(row.response_size)).toBeGreaterThan(0);
    await withClaims(owner, deviceClaims(deviceA), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        deviceA,
        completeEntry({
          source: "vpn",
          request: { method: "PUT", url: "https://sized.example/x" },
          response: { status: 204, bodySize: 1234 },
        }),
      ]),
    );
    const [sized] = await list(memberA.claims, { methods: ["PUT"], lim: 1 });
    expect(sized.response_size).toBe("1234");
  });

  it("keeps answering calls that name only the original parameters", async () => {
    const { rows } = await withClaims(owner, memberA.claims, (c) =>
      c.query(
        "SELECT count(*)::int AS n FROM public.entries_filtered_list(hosts => ARRAY['api.shop.example'], lim => 500)",
      ),
    );
    expect(rows[0].n).toBe(150);
  });
});

describe("host suggestions", () => {
  it("lists the caller's recent hosts, most frequent first", async () => {
    await withClaims(owner, deviceClaims(deviceB), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        deviceB,
        completeEntry({
          source: "vpn",
          request: { method: "GET", url: "https://only-b.example/" },
          response: { status: 200 },
        }),
      ]),
    );
    const hostsOf = (claims: Claims) =>
      withClaims(
        owner,
        claims,
        async (c) => (await c.query<{ host: string; entries: string }>("SELECT * FROM public.entry_hosts()")).rows,
      );
    const a = await hostsOf(memberA.claims);
    expect(a.map((r) => r.host)).not.toContain("only-b.example");
    expect(a[0]).toMatchObject({ host: expect.stringMatching(/shop\.example$/) });
    expect((await hostsOf(memberB.claims)).map((r) => r.host)).toContain("only-b.example");
  });
});

describe("live summary", () => {
  it("carries the response size", async () => {
    const {
      rows: [ws],
    } = await owner.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, owner_user_id) VALUES ('W', $1) RETURNING id",
      [memberA.id],
    );
    await owner.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $2)", [
      ws.id,
      deviceA,
    ]);
    await withClaims(owner, deviceClaims(deviceA), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        deviceA,
        completeEntry({
          source: "vpn",
          request: { method: "GET", url: "https://live.example/sized" },
          response: { status: 200, body: { encoding: "text", content: "hello", size: 5, truncated: false } },
        }),
      ]),
    );
    const { rows } = await owner.query(
      "SELECT topic, payload FROM realtime.messages WHERE event = 'entry' AND payload->>'path' = '/sized' ORDER BY topic",
    );
    expect(rows).toEqual([
      { topic: `owner:${memberA.id}`, payload: expect.objectContaining({ response_size: 5, host: "live.example" }) },
      { topic: `ws:${ws.id}`, payload: expect.objectContaining({ response_size: 5, host: "live.example" }) },
    ]);
  });

  // 0012: the "All" view listens per owner, so a device in no workspace is live too.
  it("goes to owner:<device owner> once per entry, plus once per workspace holding the device, in one statement", async () => {
    const loose = await createDevice(owner, memberB, "B's new laptop");
    const { rows: workspaces } = await owner.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, owner_user_id) VALUES ('B1', $1), ('B2', $1) RETURNING id",
      [memberB.id],
    );
    const secret = "body-that-must-not-travel";
    const payload = (path: string) =>
      completeEntry({
        source: "vpn",
        request: {
          method: "POST",
          url: `https://rows.example${path}`,
          body: { encoding: "text", content: secret, size: secret.length, truncated: false },
        },
        response: { status: 201, body: { encoding: "text", content: secret, size: secret.length, truncated: false } },
      });
    // A batch of three from a device in no workspace: three rows, all to the owner.
    await withClaims(owner, deviceClaims(loose), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) SELECT now(), $1, p FROM unnest($2::jsonb[]) p", [
        loose,
        ["/a", "/b", "/c"].map((path) => JSON.stringify(payload(path))),
      ]),
    );
    const sent = async (paths: string[]) =>
      (
        await owner.query<{ topic: string; payload: Record<string, unknown> }>(
          "SELECT topic, payload FROM realtime.messages WHERE event = 'entry' AND payload->>'host' = 'rows.example' AND payload->>'path' = ANY($1) ORDER BY (payload->>'entry_id')::bigint, topic",
          [paths],
        )
      ).rows;
    const batch = await sent(["/a", "/b", "/c"]);
    expect(batch.map((m) => [m.topic, m.payload.path])).toEqual([
      [`owner:${memberB.id}`, "/a"],
      [`owner:${memberB.id}`, "/b"],
      [`owner:${memberB.id}`, "/c"],
    ]);
    // Once the device is in two workspaces: 1 + 2 rows per entry, each with its own message id.
    await owner.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $3), ($2, $3)", [
      workspaces[0].id,
      workspaces[1].id,
      loose,
    ]);
    await withClaims(owner, deviceClaims(loose), (c) =>
      c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [loose, payload("/d")]),
    );
    const fanned = await sent(["/d"]);
    expect(fanned.map((m) => m.topic).sort()).toEqual(
      [`owner:${memberB.id}`, `ws:${workspaces[0].id}`, `ws:${workspaces[1].id}`].sort(),
    );
    expect(new Set(fanned.map((m) => m.payload.id)).size).toBe(3);
    // The summary only: the same keys as before 0012, no bodies.
    for (const message of [...batch, ...fanned]) {
      expect(Object.keys(message.payload).sort()).toEqual([
        "device_uuid",
        "duration_ms",
        "entry_id",
        "host",
        "id",
        "method",
        "path",
        "response_size",
        "source",
        "status",
        "ts",
      ]);
      expect(JSON.stringify(message.payload)).not.toContain(secret);
      expect(message.payload).toMatchObject({
        device_uuid: loose,
        method: "POST",
        status: 201,
        response_size: secret.length,
      });
    }
  });
});
