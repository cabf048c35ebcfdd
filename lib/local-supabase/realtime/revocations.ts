import pg from "pg";

/** The NOTIFY channel a deactivation sends the person's id on (migration 0020's revoke_person). */
export const REVOKE_CHANNEL = "realtime_revoke_user";
const RETRY_MS = 1_000;

/**
 * Listens for people whose access was revoked and hands each id to `revoke`, which shuts the
 * person's open channels at once instead of letting them run until their tokens expire. A lost
 * connection is re-opened; a NOTIFY sent while it was down is missed, and those channels then
 * end when their token expires (≤ 15 min) with nothing delivered meanwhile, since every policy's
 * has_capability() already refuses the person.
 */
export function listenForRevocations(
  databaseUrl: string,
  revoke: (userId: string) => void,
  log: (line: string) => void,
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: "realtime-revocations" });
    client = next;
    next.on("notification", (message) => {
      if (message.channel === REVOKE_CHANNEL && message.payload) revoke(message.payload);
    });
    next.on("error", (error) => {
      log(`realtime: revocation listener lost its connection: ${error.message}`);
      void next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), RETRY_MS);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${REVOKE_CHANNEL}`);
    } catch (error) {
      log(`realtime: revocation listener could not start: ${(error as Error).message}`);
      await next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), RETRY_MS);
    }
  };
  void connect();

  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
