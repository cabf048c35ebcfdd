import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceTokenClaims, signToken } from "@/lib/auth/sign";
import { createDevice, createPerson, samplePayload } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { userToken } from "./test-support";

/**
 * What a device gets back from its own writes through the real supabase-js: a capture's
 * payload is never readable by the device that sent it (a stolen credential must not read
 * back a device's history), so `.insert().select()` is refused with a PostgREST-shaped 403
 * that says which columns it may read back; those work.
 */
let stack: TestSupabase;
let device: string;
let deviceToken: string;
let ownerToken: string;

beforeAll(async () => {
  stack = await startTestSupabase();
  const owner = await createPerson(stack.owner, "owner@return.test");
  device = await createDevice(stack.owner, owner, "phone");
  deviceToken = await signToken(
    deviceTokenClaims({ origin: "http://127.0.0.1:3000", deviceUuid: device }),
    stack.keys.jwtSecret,
  );
  ownerToken = await userToken(stack.keys.jwtSecret, owner.id);
});

afterAll(async () => {
  await stack?.stop();
});

const capture = (url: string) => ({
  ts: new Date().toISOString(),
  device_uuid: device,
  payload: { ...samplePayload(url), id: crypto.randomUUID() },
});

describe("a device's insert with Prefer: return=representation", () => {
  it("refuses the default .select() (all columns) with a 403 naming the columns it may read back, and writes nothing", async () => {
    const client = stack.client({ key: deviceToken });
    const row = capture("https://api.example/refused");
    const { data, error, status } = await client.from("entries").insert(row).select();
    expect(status).toBe(403);
    expect(data).toBeNull();
    expect(error).toMatchObject({ code: "42501" });
    expect(error!.message).toMatch(/entries/);
    expect(error!.hint).toMatch(/only id, ts, capture_id of entries/);
    expect(error!.hint).toMatch(/return=minimal/);
    const { rows } = await stack.owner.query(
      "SELECT count(*)::int AS n FROM public.entries WHERE payload->'request'->>'url' = $1",
      [row.payload.request.url],
    );
    expect(rows[0].n).toBe(0);
  });

  it("returns the keys it may read: .select('capture_id, ts')", async () => {
    const client = stack.client({ key: deviceToken });
    const row = capture("https://api.example/keys");
    const { data, error, status } = await client.from("entries").insert(row).select("capture_id, ts");
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toEqual([{ capture_id: row.payload.id, ts: expect.any(String) }]);
  });

  it("a plain insert (return=minimal, supabase-js's default without .select()) is a 201", async () => {
    const client = stack.client({ key: deviceToken });
    const { error, status } = await client.from("entries").insert(capture("https://api.example/minimal"));
    expect(error).toBeNull();
    expect(status).toBe(201);
  });

  it("a device's heartbeat, a table whose own row it may read, comes back whole", async () => {
    const client = stack.client({ key: deviceToken });
    const { data, error } = await client
      .from("device_status")
      .upsert({ device_uuid: device, last_heartbeat_at: new Date().toISOString(), source: "vpn" })
      .select();
    expect(error).toBeNull();
    expect(data).toHaveLength(1);
  });
});

describe("updated_at through REST", () => {
  it("a PATCH of a device moves its updated_at", async () => {
    const client = stack.client({ key: ownerToken });
    const before = await stack.owner.query<{ updated_at: Date }>(
      "UPDATE public.devices SET updated_at = now() - interval '1 day' WHERE uuid = $1 RETURNING updated_at",
      [device],
    );
    const { data, error } = await client
      .from("devices")
      .update({ name: "renamed phone" })
      .eq("uuid", device)
      .select("name, updated_at");
    expect(error).toBeNull();
    expect(data![0].name).toBe("renamed phone");
    expect(new Date(data![0].updated_at).getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime() + 60_000);
  });
});
