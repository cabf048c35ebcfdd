/**
 * Phoenix frames as realtime-js speaks them. Protocol 1.0.0 sends JSON objects
 * `{topic, event, payload, ref, join_ref}` both ways; 2.0.0 sends JSON arrays
 * `[join_ref, ref, topic, event, payload]` plus binary frames for broadcasts: the client
 * pushes every websocket broadcast as a binary "user broadcast push" (kind 3) and decodes
 * only "user broadcast" (kind 4) — any other binary kind makes the client throw.
 * Layouts: realtime-js `src/lib/serializer.ts`, server `realtime_web/socket/v2_serializer.ex`.
 */

export type Vsn = "1.0.0" | "2.0.0";
export const SUPPORTED_VSNS: readonly Vsn[] = ["1.0.0", "2.0.0"];

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A broadcast whose payload travels as bytes (kind 3 in, kind 4 out). */
export interface UserBroadcast {
  userEvent: string;
  /** JSON bytes of the user's payload, or raw bytes the client sent as an ArrayBuffer. */
  encoding: "json" | "binary";
  data: Buffer;
  /** JSON metadata the client chose to forward (only `persist` today), or "". */
  metadata: string;
}

export interface UserBroadcastFrame extends Frame {
  event: "broadcast";
  payload: UserBroadcast;
}

export class FrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FrameError";
  }
}

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;

const asRef = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function decodeText(vsn: Vsn, text: string): Frame {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FrameError("frame is not JSON");
  }
  if (vsn === "2.0.0") {
    if (!Array.isArray(parsed) || parsed.length !== 5)
      throw new FrameError("expected [join_ref, ref, topic, event, payload]");
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    if (typeof topic !== "string" || typeof event !== "string") throw new FrameError("topic and event must be strings");
    return { joinRef: asRef(joinRef), ref: asRef(ref), topic, event, payload };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new FrameError("expected a message object");
  const message = parsed as Record<string, unknown>;
  if (typeof message.topic !== "string" || typeof message.event !== "string")
    throw new FrameError("topic and event must be strings");
  return {
    joinRef: asRef(message.join_ref),
    ref: asRef(message.ref),
    topic: message.topic,
    event: message.event,
    payload: message.payload,
  };
}

/** Parses a kind-3 "user broadcast push"; nothing else is a valid client binary frame. */
export function decodeBinary(buffer: Buffer): UserBroadcastFrame {
  if (buffer.length < 7) throw new FrameError("binary frame too short");
  const kind = buffer[0];
  if (kind !== KIND_USER_BROADCAST_PUSH) throw new FrameError(`unsupported binary frame kind ${kind}`);
  const [joinRefLength, refLength, topicLength, eventLength, metadataLength, encoding] = buffer.subarray(1, 7);
  if (encoding !== ENCODING_BINARY && encoding !== ENCODING_JSON)
    throw new FrameError(`unknown payload encoding ${encoding}`);
  let offset = 7;
  const take = (length: number) => {
    if (offset + length > buffer.length) throw new FrameError("binary frame shorter than its header says");
    const slice = buffer.subarray(offset, offset + length);
    offset += length;
    return slice;
  };
  const joinRef = take(joinRefLength).toString("utf8");
  const ref = take(refLength).toString("utf8");
  const topic = take(topicLength).toString("utf8");
  const userEvent = take(eventLength).toString("utf8");
  const metadata = take(metadataLength).toString("utf8");
  return {
    joinRef: joinRef || null,
    ref: ref || null,
    topic,
    event: "broadcast",
    payload: {
      userEvent,
      encoding: encoding === ENCODING_JSON ? "json" : "binary",
      data: Buffer.from(buffer.subarray(offset)),
      metadata,
    },
  };
}

export function encodeText(vsn: Vsn, frame: Frame): string {
  if (vsn === "2.0.0") return JSON.stringify([frame.joinRef, frame.ref, frame.topic, frame.event, frame.payload]);
  return JSON.stringify({
    join_ref: frame.joinRef,
    ref: frame.ref,
    topic: frame.topic,
    event: frame.event,
    payload: frame.payload,
  });
}

/** Kind 4: `[4][topic len][event len][metadata len][encoding] topic event metadata payload`. */
export function encodeUserBroadcast(topic: string, broadcast: UserBroadcast): Buffer {
  const topicBytes = Buffer.from(topic, "utf8");
  const eventBytes = Buffer.from(broadcast.userEvent, "utf8");
  const metadataBytes = Buffer.from(broadcast.metadata, "utf8");
  for (const [name, bytes] of [
    ["topic", topicBytes],
    ["event", eventBytes],
    ["metadata", metadataBytes],
  ] as const) {
    if (bytes.length > 255) throw new FrameError(`${name} longer than 255 bytes cannot be framed`);
  }
  const header = Buffer.from([
    KIND_USER_BROADCAST,
    topicBytes.length,
    eventBytes.length,
    metadataBytes.length,
    broadcast.encoding === "json" ? ENCODING_JSON : ENCODING_BINARY,
  ]);
  return Buffer.concat([header, topicBytes, eventBytes, metadataBytes, broadcast.data]);
}

/**
 * What a protocol-1.0.0 client gets for a user broadcast: the JSON form, as the real
 * server converts it. Raw bytes have no JSON form, so they are not delivered to 1.0.0.
 */
export function userBroadcastAsJson(broadcast: UserBroadcast): Record<string, unknown> | undefined {
  if (broadcast.encoding !== "json") return undefined;
  try {
    return { type: "broadcast", event: broadcast.userEvent, payload: JSON.parse(broadcast.data.toString("utf8")) };
  } catch {
    return undefined;
  }
}
