import type { RealtimeHub } from "./hub";
import { FanoutMessage } from "./protocol/outgoing";
import { topicKey } from "./topics";

/**
 * A row inserted into realtime.messages (by `realtime.send`, `realtime.broadcast_changes`
 * or a trigger writing it directly) becomes a broadcast to the channels of its topic:
 * private rows to private channels only, public rows to public ones. As Supabase's
 * replication handler does, the row's id rides along as `meta.id`.
 */
export function deliverDatabaseBroadcast(hub: RealtimeHub, row: Record<string, string | null>): void {
  const { topic, event, id } = row;
  if (!topic || event === null || event === undefined) return;
  const isPrivate = row.private === "t";
  const key = topicKey(topic, isPrivate);
  if (hub.topics.subscriberCount(key) === 0) return;
  const frameTopic = `realtime:${topic}`;

  let message: FanoutMessage;
  if (row.payload !== null && row.payload !== undefined) {
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      hub.log(`realtime: realtime.messages row ${id} has a payload that is not JSON; not broadcast`);
      return;
    }
    message = FanoutMessage.json(frameTopic, "broadcast", { type: "broadcast", event, payload, meta: { id } });
  } else if (row.binary_payload) {
    // bytea's text output is hex: \x0102…
    const data = Buffer.from(row.binary_payload.replace(/^\\x/, ""), "hex");
    message = FanoutMessage.userBroadcast(frameTopic, {
      userEvent: event,
      encoding: "binary",
      data,
      metadata: JSON.stringify({ id }),
    });
  } else {
    message = FanoutMessage.json(frameTopic, "broadcast", { type: "broadcast", event, payload: {}, meta: { id } });
  }
  hub.topics.broadcast(key, message);
}
