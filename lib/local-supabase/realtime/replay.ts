import type { Channel } from "./channel";
import type { RealtimeHub } from "./hub";
import { FanoutMessage } from "./protocol/outgoing";

/** Realtime replays at most this many stored messages per join (`Replay` defaults). */
const MAX_REPLAY = 25;

/**
 * `config.broadcast.replay {since, limit}` on a private channel: the latest stored
 * broadcasts of the topic since `since` (ms since the epoch), oldest first, each marked
 * `meta.replayed`. Read access was checked at join.
 */
export async function replay(
  hub: RealtimeHub,
  channel: Channel,
  options: { since: number; limit?: number },
): Promise<void> {
  const limit = Math.max(1, Math.min(MAX_REPLAY, Math.floor(options.limit ?? MAX_REPLAY)));
  const { rows } = await hub.pool.query<{ id: string; event: string; payload: unknown; binary_payload: Buffer | null }>(
    `SELECT id, event, payload, binary_payload FROM (
       SELECT id, event, payload, binary_payload, inserted_at FROM realtime.messages
       WHERE topic = $1 AND extension = 'broadcast' AND private IS TRUE AND inserted_at >= to_timestamp($2 / 1000.0)::timestamp
       ORDER BY inserted_at DESC LIMIT $3) latest
     ORDER BY inserted_at`,
    [channel.subTopic, options.since, limit],
  );
  for (const row of rows) {
    const meta = { replayed: true, id: row.id };
    const message =
      row.payload === null && row.binary_payload
        ? FanoutMessage.userBroadcast(channel.topic, {
            userEvent: row.event,
            encoding: "binary",
            data: row.binary_payload,
            metadata: JSON.stringify(meta),
          })
        : FanoutMessage.json(channel.topic, "broadcast", {
            type: "broadcast",
            event: row.event,
            payload: row.payload ?? {},
            meta,
          });
    channel.deliver(message);
  }
}
