import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeClients, realtimeClient, subscribe } from "@/lib/local-supabase/realtime/test-helpers";
import { badTokens } from "@/lib/testing/bad-tokens";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { accessTokenClaims, deviceTokenClaims, signToken } from "./sign";

/**
 * Busymate mints its own tokens; the project must verify them as Supabase does in the suite's
 * signing mode (`BUSYMATE_TEST_JWT_SIGNING`): by the imported key's kid, or with the legacy
 * secret. REST and Realtime take a token Busymate signed as configured and refuse one that
 * differs in its key, algorithm, signature or expiry.
 */

const origin = "http://127.0.0.1:3000";
let stack: TestSupabase;
let person: Person;
let device: string;

beforeAll(async () => {
  stack = await startTestSupabase();
  person = await createPerson(stack.owner, "own-tokens@example.com");
  device = await createDevice(stack.owner, person, "Own token phone");
}, 180_000);
afterAll(async () => {
  await closeClients();
  await stack?.stop();
});

async function rest(token: string, path = "devices?select=uuid"): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${stack.url}/rest/v1/${path}`, {
    headers: { apikey: stack.keys.publishableKey, Authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: await response.json() };
}

async function realtimeJoin(token: string): Promise<string> {
  const client = await realtimeClient(stack, { token });
  return (await subscribe(client.channel(`own-${Math.random().toString(36).slice(2)}`))).status;
}

describe(`Busymate's own tokens at REST and Realtime (${process.env.BUSYMATE_TEST_JWT_SIGNING ?? "legacy"} mode)`, () => {
  it("a person's token signed as configured is the person at REST and joins Realtime", async () => {
    const token = await signToken(
      accessTokenClaims({ origin, userId: person.id, clientId: "own-test", scope: "busymate:read" }),
      stack.tokenKeys,
    );
    const header = decodeProtectedHeader(token);
    if (stack.tokenKeys.mode === "asymmetric")
      expect(header).toMatchObject({ alg: "ES256", kid: stack.tokenKeys.current.kid });
    else expect(header).toMatchObject({ alg: "HS256" });
    expect(await rest(token)).toEqual({ status: 200, body: [{ uuid: device }] });
    expect(await realtimeJoin(token)).toBe("SUBSCRIBED");
  });

  it("a device token signed as configured is the device at REST and joins Realtime", async () => {
    const token = await signToken(deviceTokenClaims({ origin, deviceUuid: device }), stack.tokenKeys);
    expect(await rest(token, "rpc/current_device_uuid")).toEqual({ status: 200, body: device });
    expect(await realtimeJoin(token)).toBe("SUBSCRIBED");
  });

  it("refuses a token signed by an unknown kid, with the wrong algorithm, unsigned or expired", async () => {
    const bad = await badTokens(stack.tokenKeys, { origin, userId: person.id });
    for (const [kind, token] of Object.entries(bad)) {
      expect([kind, (await rest(token)).status]).toEqual([kind, 401]);
      expect([kind, await realtimeJoin(token)]).not.toEqual([kind, "SUBSCRIBED"]);
    }
  });
});
