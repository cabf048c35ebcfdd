import { randomUUID } from "node:crypto";
import { readPolicies, type ReadPolicies } from "./authorization";
import { Channel, type ChannelHost } from "./channel";
import { bindingId, resolveBindings, type ChangeBinding } from "./changes/subscriptions";
import { parseJoinConfig } from "./join-config";
import type { Frame } from "./protocol/frames";
import { replay } from "./replay";
import { checkToken, isDatabaseRole } from "./tokens";

export type JoinOutcome =
  | { ok: false; reason: string }
  | {
      ok: true;
      channel: Channel;
      /** The reply body: each requested binding echoed in order with its id. */
      response: { postgres_changes: unknown[] };
      /** Pushes that follow the reply (presence_state, postgres_changes status, replay). */
      afterReply: () => Promise<void>;
    };

const fail = (code: string, message: string): JoinOutcome => ({ ok: false, reason: `${code}: ${message}` });

/**
 * `phx_join` as Realtime handles it (`realtime_channel.ex join/3`): the join's own token or
 * the socket's; for a private channel the RLS read probe; the postgres_changes bindings,
 * whose problems are reported after a successful join as `system` errors, not as join errors.
 */
export async function joinChannel(host: ChannelHost, frame: Frame, socketToken: string): Promise<JoinOutcome> {
  const { hub } = host;
  const subTopic = frame.topic.slice("realtime:".length);
  if (subTopic === "") return fail("TopicNameRequired", "You must provide a topic name");
  const config = parseJoinConfig(frame.payload);

  const token = config.accessToken ?? socketToken;
  const check = await checkToken(hub.keys, token);
  if (!check.ok) return fail(check.code, check.message);
  const claims = check.claims;

  let read: ReadPolicies = { broadcast: true, presence: true };
  if (config.isPrivate) {
    read = await readPolicies(hub.pool, claims, subTopic, hub.log);
    if (!read.broadcast && !read.presence)
      return fail("Unauthorized", `You do not have permissions to read from this Channel topic: ${subTopic}`);
  }
  if (config.replay) {
    if (!config.isPrivate) return fail("UnableToReplayMessages", "Replay is not allowed for public channels");
    if (!read.broadcast)
      return fail("Unauthorized", `You do not have permissions to read from this Channel topic: ${subTopic}`);
  }

  let bindings: ChangeBinding[] = [];
  let changesStatus: { status: "ok" | "error"; message: string } | undefined;
  if (config.postgresChanges.length > 0) {
    const resolved = isDatabaseRole(claims.role)
      ? await resolveBindings(hub.pool, hub.catalog, config.postgresChanges)
      : ({ ok: false, message: `Unable to subscribe to changes as role "${claims.role}"` } as const);
    if (resolved.ok) {
      bindings = resolved.bindings;
      changesStatus = hub.streaming
        ? { status: "ok", message: "Subscribed to PostgreSQL" }
        : { status: "error", message: "Realtime is reconnecting to the database; changes will follow once it is back" };
    } else {
      changesStatus = { status: "error", message: resolved.message };
    }
  }

  const channel = new Channel(host, {
    topic: frame.topic,
    joinRef: frame.joinRef ?? frame.ref,
    isPrivate: config.isPrivate,
    token,
    claims,
    read,
    selfBroadcast: config.selfBroadcast,
    ackBroadcast: config.ackBroadcast,
    presenceKey: config.presenceKey || randomUUID(),
    presenceEnabled: config.presenceEnabled,
    bindings,
  });

  return {
    ok: true,
    channel,
    response: {
      postgres_changes: config.postgresChanges.map((params) => ({
        ...(params as Record<string, unknown>),
        id: bindingId(params),
      })),
    },
    async afterReply() {
      // The client holds presence diffs until the state of its current join arrives.
      channel.sendPresenceState();
      if (changesStatus) channel.changesStatus(changesStatus.status, changesStatus.message);
      // The stream is up before the service accepts sockets, so this is true at once unless it broke.
      if (config.replicationReady && hub.streaming)
        channel.push("system", {
          extension: "system",
          status: "ok",
          message: "Replication connection established",
          channel: subTopic,
        });
      if (config.replay) await replay(hub, channel, config.replay);
    },
  };
}
