import { randomUUID } from "node:crypto";
import pg from "pg";
import { createEntryGenerator } from "@/lib/generator";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * The first-run demo data: an admin and a member, three devices, realistic captures, a
 * workspace with tabs, and two service groups with BusyBro agents. Runs as the database
 * owner (a setup step, not a user's request).
 */

export interface DemoPeople {
  adminEmail: string;
  adminPassword: string;
  memberEmail: string;
  memberPassword: string;
}

const BATCH = 1000;

async function createUser(client: pg.ClientBase, email: string, password: string, name: string): Promise<string> {
  const id = randomUUID();
  // bcrypt through pgcrypto: the $2a$ hashes GoTrue writes and verifies.
  await client.query(
    `INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     VALUES ($1, 'authenticated', 'authenticated', lower($2), extensions.crypt($3, extensions.gen_salt('bf', 10)), now(),
             '{"provider":"email","providers":["email"]}', jsonb_build_object('name', $4::text), now(), now())`,
    [id, email, password, name],
  );
  await client.query(
    `INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
     VALUES ($1::text, $2::uuid, jsonb_build_object('sub', $1::text, 'email', lower($3)), 'email', now(), now())`,
    [id, id, email],
  );
  return id;
}

/** Inserts captures in batches the way PostgREST does for a JSON array. */
export async function insertCaptures(
  client: pg.ClientBase,
  rows: { deviceUuid: string; ts: Date; payload: TrafficLogEntry }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows
      .slice(i, i + BATCH)
      .map((row) => ({ ts: row.ts.toISOString(), device_uuid: row.deviceUuid, payload: row.payload }));
    await client.query(
      `INSERT INTO public.entries (ts, device_uuid, payload)
       SELECT ts, device_uuid, payload FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, device_uuid uuid, payload jsonb)`,
      [JSON.stringify(batch)],
    );
  }
}

/** Generates `count` captures spread over the last `days` days for the given devices. */
export async function seedCaptures(
  client: pg.ClientBase,
  devices: { uuid: string; source: TrafficLogEntry["source"] }[],
  count: number,
  { seed = 1, days = 7 } = {},
): Promise<void> {
  const end = new Date();
  const start = new Date(end.getTime() - days * 86_400_000);
  await client.query("SELECT busymate_private.ensure_entry_partitions($1, $2)", [start, Math.ceil(days / 7) + 1]);
  const generator = createEntryGenerator({ seed, devices, start, end, count });
  for (let done = 0; done < count; done += BATCH * 10) {
    const rows = Array.from({ length: Math.min(BATCH * 10, count - done) }, () => generator.next());
    await insertCaptures(client, rows);
  }
}

export async function seedDemo(databaseUrl: string, people: DemoPeople, { entries = 5000 } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // The first user becomes admin (see assign_default_role); the member gets the default role.
    const admin = await createUser(client, people.adminEmail, people.adminPassword, "Admin");
    const member = await createUser(client, people.memberEmail, people.memberPassword, "Demo Member");

    const device = async (name: string, os: string, kind: string, owner: string, source: TrafficLogEntry["source"]) => {
      const { rows } = await client.query<{ uuid: string }>(
        "INSERT INTO public.devices (name, os, kind, owner_user_id, setup) VALUES ($1, $2, $3, $4, $5) RETURNING uuid",
        [name, os, kind, owner, { capture: source }],
      );
      await client.query(
        "INSERT INTO public.device_status (device_uuid, last_heartbeat_at, ip, vpn_state, source, country) VALUES ($1, now(), '10.8.0.2', 'connected', $2, 'DE')",
        [rows[0].uuid, source],
      );
      return { uuid: rows[0].uuid, source };
    };
    const devices = [
      await device("Admin's iPhone", "iOS 26.1", "ios", admin, "vpn"),
      await device("proxy-server", "Debian 12", "proxy", admin, "proxy"),
      await device("Member's iPad", "iPadOS 26.1", "ios", member, "vpn"),
    ];
    await seedCaptures(client, devices, entries);

    const {
      rows: [workspace],
    } = await client.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, description, owner_user_id) VALUES ('Acme Shop app', 'Everything the Acme Shop iOS app sends.', $1) RETURNING id",
      [admin],
    );
    await client.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $2), ($1, $3)", [
      workspace.id,
      devices[0].uuid,
      devices[1].uuid,
    ]);
    await client.query(
      `INSERT INTO public.workspace_tabs (workspace_id, title, position, filter) VALUES
         ($1, 'All traffic', 0, '{}'),
         ($1, 'Auth', 1, '{"hosts": ["auth.acme-shop.com"]}'),
         ($1, 'Errors', 2, '{"statuses": [400, 401, 403, 404, 409, 422, 429, 500, 502, 503]}')`,
      [workspace.id],
    );

    const agent = async (slug: string, label: string, instructions: string) =>
      (
        await client.query<{ id: string }>(
          "INSERT INTO public.busybro_agents (slug, label, instructions, owner_user_id) VALUES ($1, $2, $3, $4) RETURNING id",
          [slug, label, instructions, admin],
        )
      ).rows[0].id;
    const authAgent = await agent(
      "auth-flow",
      "Auth flow expert",
      "Explain how the app signs in and refreshes tokens. Replace every secret with a named placeholder.",
    );
    const paymentsAgent = await agent(
      "payments",
      "Payments expert",
      "Explain the payment flow: intents, confirmation, webhooks. Never reveal card data.",
    );
    const telemetryAgent = await agent(
      "telemetry",
      "Telemetry auditor",
      "List what analytics SDKs send, to whom, and how often.",
    );
    const group = async (name: string, domains: string[], agents: string[]) => {
      const {
        rows: [row],
      } = await client.query<{ id: string }>(
        "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ($1, $2, $3) RETURNING id",
        [name, domains, admin],
      );
      for (const [position, agentId] of agents.entries()) {
        await client.query(
          "INSERT INTO public.service_group_agents (group_id, agent_id, is_primary, position) VALUES ($1, $2, $3, $4)",
          [row.id, agentId, position === 0, position],
        );
      }
      return row.id;
    };
    const shop = await group("Acme Shop", ["*.acme-shop.com", "api.stripe.com"], [authAgent, paymentsAgent]);
    await group(
      "Analytics SDKs",
      ["app-measurement.com", "api.segment.io", "api.mixpanel.com", "*.ingest.sentry.io"],
      [telemetryAgent],
    );
    await client.query("UPDATE public.settings_global SET data = $1 WHERE id = 1", [
      { breakpoints: [], env: {}, service_group_ids: [shop] },
    ]);
    await client.query("COMMIT");
    await client.query("SELECT public.refresh_service_stats()");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
