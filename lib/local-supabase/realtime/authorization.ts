import type pg from "pg";
import type { RealtimeClaims } from "./tokens";
import { isDatabaseRole } from "./tokens";

/**
 * Private-channel authorisation exactly as Supabase Realtime does it
 * (`lib/realtime/tenants/authorization.ex`): RLS policies on `realtime.messages` decide, with
 * the topic in `realtime.topic` and the token's role and claims set for one transaction that
 * is always rolled back. Read = the role can SELECT a probe row (join and receive); write =
 * it can INSERT one (send broadcasts, track presence). Broadcast and presence are separate
 * extensions, so a policy may allow one and not the other.
 */

export interface ReadPolicies {
  broadcast: boolean;
  presence: boolean;
}

export interface WritePolicies {
  broadcast: boolean;
  presence: boolean;
}

type Log = (line: string) => void;

async function asRole<T>(
  pool: pg.Pool,
  claims: RealtimeClaims,
  topic: string,
  log: Log,
  denied: T,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  // A role the database does not know (or must never become) is simply denied.
  if (!isDatabaseRole(claims.role)) return denied;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    return await work(client);
  } catch (error) {
    // A policy that fails to evaluate (a bad cast of the topic, say) denies, as Realtime's
    // RlsPolicyError does; the join is then refused rather than the socket failing.
    log(`realtime: policy check on "${topic}" failed: ${(error as Error).message}`);
    return denied;
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}

function setContext(client: pg.PoolClient, claims: RealtimeClaims, topic: string) {
  return client.query(
    `SELECT set_config('role', $1, true), set_config('realtime.topic', $2, true), set_config('request.jwt.claims', $3, true),
            set_config('request.jwt.claim.sub', $4, true), set_config('request.jwt.claim.role', $1, true), set_config('request.headers', '{}', true)`,
    [claims.role, topic, JSON.stringify(claims), typeof claims.sub === "string" ? claims.sub : ""],
  );
}

export function readPolicies(pool: pg.Pool, claims: RealtimeClaims, topic: string, log: Log): Promise<ReadPolicies> {
  const denied = { broadcast: false, presence: false };
  return asRole(pool, claims, topic, log, denied, async (client) => {
    // Probe rows are written as the connection's own role, before switching to the caller's.
    const { rows: probes } = await client.query<{ id: string; extension: string }>(
      "INSERT INTO realtime.messages (topic, extension) VALUES ($1, 'broadcast'), ($1, 'presence') RETURNING id, extension",
      [topic],
    );
    await setContext(client, claims, topic);
    const { rows } = await client.query<{ extension: string }>(
      "SELECT extension FROM realtime.messages WHERE topic = $1 AND id = ANY($2::uuid[])",
      [topic, probes.map((probe) => probe.id)],
    );
    const readable = new Set(rows.map((row) => row.extension));
    return { broadcast: readable.has("broadcast"), presence: readable.has("presence") };
  });
}

export function writePolicies(pool: pg.Pool, claims: RealtimeClaims, topic: string, log: Log): Promise<WritePolicies> {
  const denied = { broadcast: false, presence: false };
  return asRole(pool, claims, topic, log, denied, async (client) => {
    await setContext(client, claims, topic);
    const canInsert = async (extension: "broadcast" | "presence") => {
      await client.query("SAVEPOINT probe");
      try {
        await client.query("INSERT INTO realtime.messages (topic, extension) VALUES ($1, $2)", [topic, extension]);
        return true;
      } catch (error) {
        // 42501 is the RLS refusal; anything else is a policy that failed, which also denies.
        if ((error as { code?: string }).code !== "42501")
          log(`realtime: ${extension} write check on "${topic}" failed: ${(error as Error).message}`);
        return false;
      } finally {
        await client.query("ROLLBACK TO SAVEPOINT probe");
      }
    };
    return { broadcast: await canInsert("broadcast"), presence: await canInsert("presence") };
  });
}
