/**
 * The `phx_join` payload realtime-js sends:
 * `{config: {broadcast: {self, ack, replay?}, presence: {key, enabled}, postgres_changes: [],
 * private}, access_token?}`. Missing parts take realtime-js's (and Realtime's) defaults.
 */
export interface JoinConfig {
  selfBroadcast: boolean;
  ackBroadcast: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  postgresChanges: unknown[];
  isPrivate: boolean;
  replay?: { since: number; limit?: number };
  /** `broadcast.replication_ready`: tell the client once changes from the database flow. */
  replicationReady: boolean;
  /** The user token of the join, if any (an opaque `sb_…` key is not one). */
  accessToken?: string;
}

const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export function parseJoinConfig(payload: unknown): JoinConfig {
  const body = record(payload);
  const config = record(body.config);
  const broadcast = record(config.broadcast);
  const presence = record(config.presence);
  const replay = record(broadcast.replay);
  const token =
    typeof body.access_token === "string"
      ? body.access_token
      : typeof body.user_token === "string"
        ? body.user_token
        : undefined;
  return {
    selfBroadcast: broadcast.self === true,
    ackBroadcast: broadcast.ack === true,
    presenceKey: typeof presence.key === "string" ? presence.key : "",
    presenceEnabled: presence.enabled === true,
    postgresChanges: Array.isArray(config.postgres_changes)
      ? config.postgres_changes.filter((entry) => entry !== null)
      : [],
    isPrivate: config.private === true,
    replicationReady: broadcast.replication_ready === true,
    replay:
      typeof replay.since === "number"
        ? { since: replay.since, limit: typeof replay.limit === "number" ? replay.limit : undefined }
        : undefined,
    accessToken: token && !token.startsWith("sb_") ? token : undefined,
  };
}
