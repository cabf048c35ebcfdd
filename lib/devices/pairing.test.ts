import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims } from "@/lib/auth/sign";
import { DASHBOARD_CLIENT_ID, SCOPE_READ, SCOPE_WRITE } from "@/lib/auth/token-model";
import { AccessTokenError, verifyAccessToken, verifyDeviceToken } from "@/lib/auth/verify";
import type { TokenKeys } from "@/lib/auth/token-keys";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { testTokenKeys } from "@/lib/testing/token-keys";
import { AppError } from "@/lib/errors";
import { createDevice, createPerson, samplePayload, type Person } from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";
import { callerFor } from "@/lib/operations/caller";
import {
  addDevice as addDeviceOperation,
  createPairingCode as createPairingCodeOperation,
  revokeDeviceCredentials as revokeOperation,
} from "@/lib/operations/devices/pairing";
import { runOperation } from "@/lib/operations/run";
import { normalisePairingCode } from "./codes";
import { issueDeviceToken, redeemPairingCode } from "./pairing";

const origin = "http://127.0.0.1:3000";
// The suite's signing mode (BUSYMATE_TEST_JWT_SIGNING): the legacy secret, or an ES256 key.
let secret: TokenKeys;

let postgres: TempPostgres;
let pool: pg.Pool;
let admin: Person;
let member: Person;

const claimsOf = (person: Person, scope = `${SCOPE_READ} ${SCOPE_WRITE}`): Claims =>
  accessTokenClaims({ origin, userId: person.id, clientId: DASHBOARD_CLIENT_ID, scope }) as unknown as Claims;

// The owner's side of pairing is the operations every surface calls (dashboard route, MCP).
type AsCaller = ReturnType<typeof callerFor>;
const callerOf = (person: Person, write = true): AsCaller =>
  callerFor(person.id, { write, clientId: DASHBOARD_CLIENT_ID });
const addDevice = (pool: pg.Pool, caller: AsCaller, input: { name: string; kind: "android" | "other" }) =>
  runOperation(pool, addDeviceOperation, input, caller);
const createPairingCode = (pool: pg.Pool, caller: AsCaller, device: string) =>
  runOperation(pool, createPairingCodeOperation, { device_uuid: device }, caller);
const revokeDeviceCredentials = async (pool: pg.Pool, caller: AsCaller, device: string) =>
  (await runOperation(pool, revokeOperation, { device_uuid: device }, caller)).revoked;

beforeAll(async () => {
  secret = await testTokenKeys("device-test-secret-long-enough-0123456789-abcdefgh");
  postgres = await startTempPostgres();
  pool = new pg.Pool({ connectionString: postgres.url, max: 6 });
  pool.on("error", () => undefined);
  admin = await createPerson(pool, "admin@example.com");
  member = await createPerson(pool, "member@example.com", "member");
});

afterAll(async () => {
  await pool?.end();
  await postgres?.stop();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof AppError) return error.code;
  throw error ?? new Error("expected a refusal");
}

describe("pairing codes", () => {
  it("normalises what a person types", () => {
    expect(normalisePairingCode("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normalisePairingCode(" O1234 I56L7 ")).toBe("0123415617");
    expect(normalisePairingCode("ABCDE-FGHJ")).toBeNull();
    expect(normalisePairingCode("ABCDE-FGHJU")).toBeNull();
  });

  it("pairs once: code → credential → device token that verifies as the device", async () => {
    const added = await addDevice(pool, callerOf(member), { name: "Member's Pixel", kind: "android" });
    expect(added.device.owner_user_id).toBe(member.id);
    expect(added.pairing.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const expiresIn = (Date.parse(added.pairing.expires_at) - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(590);
    expect(expiresIn).toBeLessThanOrEqual(600);

    const paired = await redeemPairingCode(pool, added.pairing.code.toLowerCase());
    expect(paired.device_uuid).toBe(added.device.uuid);
    const stored = await pool.query(
      "SELECT secret_hash FROM busymate_identity.device_credentials WHERE device_uuid = $1",
      [paired.device_uuid],
    );
    expect(stored.rows[0].secret_hash).not.toContain(paired.credential);

    const token = await issueDeviceToken(pool, paired.credential, origin, secret);
    expect(token).toMatchObject({ token_type: "bearer", expires_in: 900, device_uuid: added.device.uuid });
    const claims = await verifyDeviceToken(token.access_token, { issuer: origin, keys: secret });
    expect(claims).toMatchObject({ role: "device", sub: added.device.uuid, device_uuid: added.device.uuid });
    // A device token is not a person's token.
    await expect(verifyAccessToken(token.access_token, { issuer: origin, keys: secret })).rejects.toBeInstanceOf(
      AccessTokenError,
    );
  });

  it("a reused code is refused", async () => {
    const device = await createDevice(pool, admin, "Reuse");
    const { code } = await createPairingCode(pool, callerOf(admin), device);
    await redeemPairingCode(pool, code);
    expect(await refusal(redeemPairingCode(pool, code))).toBe("UNAUTHORIZED");
  });

  it("two devices racing for one code: exactly one wins", async () => {
    const device = await createDevice(pool, admin, "Race");
    const { code } = await createPairingCode(pool, callerOf(admin), device);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => redeemPairingCode(pool, code)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("an expired code is refused", async () => {
    const device = await createDevice(pool, admin, "Expired");
    const { code } = await createPairingCode(pool, callerOf(admin), device);
    await pool.query(
      "UPDATE busymate_identity.device_pairing_codes SET expires_at = now() - interval '1 second' WHERE device_uuid = $1",
      [device],
    );
    expect(await refusal(redeemPairingCode(pool, code))).toBe("UNAUTHORIZED");
  });

  it("a new code replaces the unused one; garbage is refused without a query", async () => {
    const device = await createDevice(pool, admin, "Replaced");
    const first = await createPairingCode(pool, callerOf(admin), device);
    const second = await createPairingCode(pool, callerOf(admin), device);
    expect(await refusal(redeemPairingCode(pool, first.code))).toBe("UNAUTHORIZED");
    expect((await redeemPairingCode(pool, second.code)).device_uuid).toBe(device);
    expect(await refusal(redeemPairingCode(pool, "nope"))).toBe("UNAUTHORIZED");
  });

  it("only someone who may manage the device gets a code, and only with a read-write token", async () => {
    const adminsDevice = await createDevice(pool, admin, "Admin only");
    expect(await refusal(createPairingCode(pool, callerOf(member), adminsDevice))).toBe("NOT_FOUND");
    expect(await refusal(createPairingCode(pool, callerOf(admin, false), adminsDevice))).toBe("INSUFFICIENT_SCOPE");
    expect(await refusal(addDevice(pool, callerOf(member, false), { name: "x", kind: "other" }))).toBe(
      "INSUFFICIENT_SCOPE",
    );
    // Behind the registry's early answer, the database refuses a read-only token itself.
    await expect(
      withClaims(pool, claimsOf(admin, SCOPE_READ), (client) =>
        client.query("SELECT * FROM public.create_device_pairing_code($1)", [adminsDevice]),
      ),
    ).rejects.toMatchObject({ code: "42501" });
    // Admin has fleet scope: may pair a member's device.
    const membersDevice = await createDevice(pool, member, "Member's");
    expect((await createPairingCode(pool, callerOf(admin), membersDevice)).code).toBeTruthy();
  });
});

describe("device credentials", () => {
  it("a revoked credential stops at its next token; re-pairing revokes the old one", async () => {
    const device = await createDevice(pool, member, "Revocable");
    const { credential } = await redeemPairingCode(
      pool,
      (await createPairingCode(pool, callerOf(member), device)).code,
    );
    await issueDeviceToken(pool, credential, origin, secret);
    expect(await revokeDeviceCredentials(pool, callerOf(member), device)).toBe(1);
    expect(await refusal(issueDeviceToken(pool, credential, origin, secret))).toBe("UNAUTHORIZED");

    const again = await redeemPairingCode(pool, (await createPairingCode(pool, callerOf(member), device)).code);
    const third = await redeemPairingCode(pool, (await createPairingCode(pool, callerOf(member), device)).code);
    expect(await refusal(issueDeviceToken(pool, again.credential, origin, secret))).toBe("UNAUTHORIZED");
    expect((await issueDeviceToken(pool, third.credential, origin, secret)).device_uuid).toBe(device);
    expect(await refusal(issueDeviceToken(pool, "bmd_" + "A".repeat(43), origin, secret))).toBe("UNAUTHORIZED");
  });

  it("another person cannot revoke, nor a read-only token", async () => {
    const device = await createDevice(pool, admin, "Not the member's");
    expect(await refusal(revokeDeviceCredentials(pool, callerOf(member), device))).toBe("NOT_FOUND");
    expect(await refusal(revokeDeviceCredentials(pool, callerOf(admin, false), device))).toBe("INSUFFICIENT_SCOPE");
    await expect(
      withClaims(pool, claimsOf(admin, SCOPE_READ), (client) =>
        client.query("SELECT public.revoke_device_credentials($1)", [device]),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("a paired device writes its own captures and heartbeats, and nothing else", async () => {
    const mine = await createDevice(pool, member, "Capturing");
    const other = await createDevice(pool, member, "Someone else");
    const { credential } = await redeemPairingCode(pool, (await createPairingCode(pool, callerOf(member), mine)).code);
    const token = await issueDeviceToken(pool, credential, origin, secret);
    const claims = (await verifyDeviceToken(token.access_token, { issuer: origin, keys: secret })) as unknown as Claims;

    await withClaims(pool, claims, async (client) => {
      await client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        mine,
        samplePayload("https://ok.example/"),
      ]);
      await client.query("INSERT INTO public.device_status (device_uuid) VALUES ($1)", [mine]);
    });
    await expect(
      withClaims(pool, claims, (client) =>
        client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
          other,
          samplePayload("https://no.example/"),
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withClaims(pool, claims, (client) =>
        client.query("UPDATE public.devices SET name = 'hijacked' WHERE uuid = $1", [mine]),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withClaims(pool, claims, (client) => client.query("SELECT * FROM public.create_device_pairing_code($1)", [mine])),
    ).rejects.toThrow(/permission denied/);
    const visible = await withClaims(pool, claims, async (client) =>
      (await client.query("SELECT uuid FROM public.devices")).rows.map((r) => r.uuid),
    );
    expect(visible).toEqual([mine]);
    // Captures are write-only for a device: not even its own payloads can be read back (only
    // their ids, so that an insert can return what it stored).
    await expect(
      withClaims(pool, claims, (client) => client.query("SELECT payload FROM public.entries")),
    ).rejects.toThrow(/permission denied/);
  });
});
