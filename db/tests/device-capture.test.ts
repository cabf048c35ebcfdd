import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, deviceClaims, samplePayload, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/** 0016: a capture's own UUID makes a device's repeated upload land once; a device times out its own holds. */

let db: TempPostgres;
let owner: pg.Pool;
let device: string;
let person: Person;

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 2 });
  // Idle connections are cut when the cluster stops at teardown.
  owner.on("error", () => undefined);
  person = await createPerson(owner, "cli@example.com");
  device = await createDevice(owner, person, "laptop");
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

const upload = (payloads: object[], ts: Date) =>
  withClaims(owner, deviceClaims(device), async (client) => {
    for (const payload of payloads)
      await client.query(
        "INSERT INTO public.entries (ts, device_uuid, payload) VALUES ($1, $2, $3) ON CONFLICT (capture_id, ts) DO NOTHING",
        [ts, device, payload],
      );
  });

it("stores a capture sent twice by the device once, and keeps id-less captures apart", async () => {
  const ts = new Date();
  const id = "6f1c1d4e-1f4b-4b8e-9a57-0d1f9b0e7e11";
  const named = { ...samplePayload("https://api.example/once", { source: "cli" }), id };
  const anonymous = samplePayload("https://api.example/anonymous", { source: "cli" });
  await upload([named, anonymous], ts);
  await upload([named, anonymous], ts);
  const { rows } = await owner.query<{ url: string; capture_id: string | null; n: number }>(
    "SELECT url, capture_id::text, count(*)::int AS n FROM public.entries GROUP BY url, capture_id ORDER BY url",
  );
  expect(rows).toEqual([
    { url: "https://api.example/anonymous", capture_id: null, n: 2 },
    { url: "https://api.example/once", capture_id: id, n: 1 },
  ]);
});

it("a device cannot set capture_id itself, and a malformed id is refused (0021) rather than stored without a key", async () => {
  await expect(
    withClaims(owner, deviceClaims(device), (client) =>
      client.query("INSERT INTO public.entries (ts, device_uuid, payload, capture_id) VALUES (now(), $1, $2, $3)", [
        device,
        samplePayload("https://api.example/x"),
        "6f1c1d4e-1f4b-4b8e-9a57-0d1f9b0e7e12",
      ]),
    ),
  ).rejects.toThrow(/capture_id|generated|permission/);
  await expect(
    upload([{ ...samplePayload("https://api.example/bad-id"), id: "not-a-uuid" }], new Date()),
  ).rejects.toThrow("entries[0].payload.id: must be a UUID");
  // The table's owner is not checked (it only moves accepted rows), and a malformed id there is no key.
  await owner.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
    device,
    { ...samplePayload("https://api.example/bad-id"), id: "not-a-uuid" },
  ]);
  const { rows } = await owner.query("SELECT capture_id FROM public.entries WHERE url = 'https://api.example/bad-id'");
  expect(rows).toEqual([{ capture_id: null }]);
});

it("the holding device times out its own breakpoint once; a person cannot, and a resumed hold stays resumed", async () => {
  const asDevice = <T>(work: (client: pg.PoolClient) => Promise<T>) => withClaims(owner, deviceClaims(device), work);
  const hold = () =>
    asDevice(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        "INSERT INTO public.breakpoint_events (device_uuid, pattern, phase, held) VALUES ($1, 'api.example/*', 'request', '{}') RETURNING id",
        [device],
      );
      return rows[0].id;
    });
  const first = await hold();
  const { rows } = await asDevice((client) =>
    client.query("SELECT resolution FROM public.expire_breakpoint($1, 'abort')", [first]),
  );
  expect(rows[0].resolution).toEqual({ action: "abort", timed_out: true });
  await expect(asDevice((client) => client.query("SELECT public.expire_breakpoint($1)", [first]))).rejects.toThrow(
    /No held breakpoint/,
  );
  const second = await hold();
  await expect(
    withClaims(owner, person.claims, (client) => client.query("SELECT public.expire_breakpoint($1)", [second])),
  ).rejects.toThrow(/permission denied|Only the device/);
  await withClaims(owner, person.claims, (client) =>
    client.query(`SELECT public.resume_breakpoint($1, '{"action":"continue"}')`, [second]),
  );
  await expect(asDevice((client) => client.query("SELECT public.expire_breakpoint($1)", [second]))).rejects.toThrow(
    /No held breakpoint/,
  );
});
