import { randomUUID } from "node:crypto";
import { importJWK, SignJWT } from "jose";
import type pg from "pg";
import { createDevice, createPerson } from "@/lib/testing/db-fixtures";
import type { StackData } from "./stack";

/**
 * Data for a story, made the way the product makes it: people as GoTrue stores them, devices
 * as the owner adds them, captures and heartbeats sent over REST by the device itself.
 */

export interface E2ePerson {
  id: string;
  email: string;
  password: string;
}

/** A person with a fresh e-mail and password and the default role. */
export async function newPerson(db: pg.Pool, label: string): Promise<E2ePerson> {
  const email = `${label}-${randomUUID().slice(0, 8)}@e2e.busymate.local`;
  const password = `pw-${randomUUID()}`;
  const person = await createPerson(db, email, undefined, password, { name: label });
  return { id: person.id, email, password };
}

/** A device owned by `ownerId`, last heard from `heartbeatAgo` ago (offline by default). */
export function newDevice(db: pg.Pool, ownerId: string, name: string, { heartbeatAgo = "10 minutes" } = {}) {
  return createDevice(db, { id: ownerId }, name, { heartbeatAgo });
}

/** A device token as a paired device holds one: role `device`, its uuid in `device_uuid`. */
export async function deviceToken(stack: StackData, deviceUuid: string): Promise<string> {
  // Signed as the app signs (its ES256 key by kid, or the legacy secret), so the project verifies it as it would the app's.
  const keys = stack.tokenKeys;
  const jwt = new SignJWT({ role: "device", device_uuid: deviceUuid })
    .setSubject(deviceUuid)
    .setIssuedAt()
    .setExpirationTime("10m");
  return keys.mode === "asymmetric"
    ? jwt
        .setProtectedHeader({ alg: "ES256", kid: keys.current.kid, typ: "JWT" })
        .sign(await importJWK(keys.current, "ES256"))
    : jwt.setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(keys.secret));
}

/**
 * Writes through the REST API as the device itself, exactly as the CLI or the iOS app would.
 * A device may write captures but not read them back, so nothing is returned.
 */
export async function restAsDevice(
  stack: StackData,
  deviceUuid: string,
  table: string,
  body: unknown,
  prefer = "return=minimal",
): Promise<void> {
  const response = await fetch(`${stack.supabaseUrl}/rest/v1/${table}`, {
    method: "POST",
    headers: {
      apikey: stack.publishableKey,
      authorization: `Bearer ${await deviceToken(stack, deviceUuid)}`,
      "content-type": "application/json",
      prefer,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`POST /rest/v1/${table} as device answered ${response.status}: ${await response.text()}`);
}

/** A capture as a device uploads it; returns its id (looked up as the owner: a device cannot read captures). */
export async function captureAsDevice(
  stack: StackData,
  db: pg.Pool,
  deviceUuid: string,
  target: string,
  { method = "GET", status = 200 } = {},
): Promise<number> {
  // Unique, so the id can be found again; host and path stay as given.
  const url = `${target}${target.includes("?") ? "&" : "?"}e2e=${randomUUID()}`;
  const payload = {
    startedAt: new Date().toISOString(),
    source: "vpn",
    request: { method, url, httpVersion: "HTTP/2", headers: [{ name: "accept", value: "application/json" }] },
    response: {
      status,
      statusText: "OK",
      httpVersion: "HTTP/2",
      headers: [{ name: "content-type", value: "application/json" }],
      body: { encoding: "text", content: '{"ok":true}', size: 11, mimeType: "application/json", truncated: false },
    },
    durationMs: 42,
  };
  await restAsDevice(stack, deviceUuid, "entries", { ts: new Date().toISOString(), device_uuid: deviceUuid, payload });
  const { rows } = await db.query<{ id: string }>("SELECT id FROM public.entries WHERE device_uuid = $1 AND url = $2", [
    deviceUuid,
    url,
  ]);
  return Number(rows[0].id);
}

/** A heartbeat as the device sends it: an upsert of its own device_status row over REST. */
export async function heartbeat(stack: StackData, deviceUuid: string) {
  await restAsDevice(
    stack,
    deviceUuid,
    "device_status?on_conflict=device_uuid",
    {
      device_uuid: deviceUuid,
      last_heartbeat_at: new Date().toISOString(),
      ip: "10.8.0.10",
      vpn_state: "connected",
      source: "vpn",
      country: "DE",
    },
    "resolution=merge-duplicates,return=minimal",
  );
}
