import { randomUUID } from "node:crypto";
import pg from "pg";
import { withClaims, type Claims } from "@/lib/db/with-claims";

/**
 * Builds people, devices and captures in a test database through the same paths the
 * product uses: users as GoTrue stores them, captures inserted as the device role.
 */

export interface Person {
  id: string;
  email: string;
  claims: Claims;
}

export function personClaims(id: string): Claims {
  return { role: "authenticated", sub: id, aud: "authenticated" };
}

export function deviceClaims(deviceUuid: string): Claims {
  return { role: "device", sub: deviceUuid, device_uuid: deviceUuid };
}

export const anonClaims: Claims = { role: "anon" };

/**
 * A user row as GoTrue writes it (bcrypt password, confirmed email, its email identity); the
 * database assigns the role (first user: admin, else the default) unless `roleSlug` names another.
 */
export async function createPerson(
  owner: pg.Pool,
  email: string,
  roleSlug?: string,
  password = "not-used-here",
  { name }: { name?: string } = {},
): Promise<Person> {
  const id = randomUUID();
  await owner.query(
    `INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     VALUES ($1, 'authenticated', 'authenticated', $2, extensions.crypt($3, extensions.gen_salt('bf', 4)), now(),
             '{"provider":"email","providers":["email"]}', $4::jsonb, now(), now())`,
    [id, email, password, JSON.stringify(name ? { name } : {})],
  );
  await owner.query(
    `INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
     VALUES ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text), 'email', now(), now())`,
    [id, email],
  );
  if (roleSlug) {
    await owner.query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = $2) WHERE user_id = $1",
      [id, roleSlug],
    );
  }
  return { id, email, claims: personClaims(id) };
}

/** A device of `person`'s; with `heartbeatAgo`, also its last heartbeat that long ago (over a VPN, from DE). */
export async function createDevice(
  owner: pg.Pool,
  person: Pick<Person, "id">,
  name: string,
  { heartbeatAgo }: { heartbeatAgo?: string } = {},
): Promise<string> {
  const { rows } = await owner.query<{ uuid: string }>(
    "INSERT INTO public.devices (name, os, kind, owner_user_id) VALUES ($1, 'iOS 26.1', 'ios', $2) RETURNING uuid",
    [name, person.id],
  );
  if (heartbeatAgo !== undefined) {
    await owner.query(
      "INSERT INTO public.device_status (device_uuid, last_heartbeat_at, ip, vpn_state, source, country) VALUES ($1, now() - $2::interval, '10.8.0.9', 'connected', 'vpn', 'DE')",
      [rows[0].uuid, heartbeatAgo],
    );
  }
  return rows[0].uuid;
}

export function samplePayload(url: string, { method = "GET", status = 200, source = "vpn" } = {}) {
  return {
    startedAt: new Date().toISOString(),
    source,
    request: { method, url, httpVersion: "HTTP/1.1", headers: [{ name: "accept", value: "application/json" }] },
    response: {
      status,
      statusText: "OK",
      httpVersion: "HTTP/1.1",
      headers: [{ name: "content-type", value: "application/json" }],
    },
    timings: { send: 1, wait: 20, receive: 3 },
    durationMs: 24,
  };
}

type Part = Record<string, unknown>;

/**
 * A capture the TrafficLogEntry schema (and 0021's check) accepts, from the parts a test cares
 * about: the start time, HTTP versions, header lists and status text filled in where left out.
 */
export function completeEntry(partial: { request: Part; response?: Part } & Part): Part {
  return {
    startedAt: new Date().toISOString(),
    source: "vpn",
    ...partial,
    request: { httpVersion: "HTTP/1.1", headers: [], ...partial.request },
    ...(partial.response
      ? { response: { statusText: "", httpVersion: "HTTP/1.1", headers: [], ...partial.response } }
      : {}),
  };
}

/** Inserts captures as the device itself (role `device`), as a device token would. */
export async function insertEntries(pool: pg.Pool, deviceUuid: string, urls: string[], ts = new Date()): Promise<void> {
  await withClaims(pool, deviceClaims(deviceUuid), async (client) => {
    for (const url of urls) {
      await client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES ($1, $2, $3)", [
        ts,
        deviceUuid,
        samplePayload(url),
      ]);
    }
  });
}

export async function count(pool: pg.Pool, claims: Claims, sql: string, params: unknown[] = []): Promise<number> {
  return withClaims(pool, claims, async (client) => (await client.query(sql, params)).rowCount ?? 0);
}
