import { encodeText, encodeUserBroadcast, userBroadcastAsJson, type UserBroadcast, type Vsn } from "./frames";
import { websocketFrame } from "./websocket-frame";

/** A Phoenix frame ready for the wire: the complete WebSocket frame carrying it. */
export interface Encoded {
  wire: Buffer;
}

export const textFrame = (text: string): Encoded => ({ wire: websocketFrame(Buffer.from(text, "utf8"), false) });
const binaryFrame = (data: Buffer): Encoded => ({ wire: websocketFrame(data, true) });

/**
 * One push fanned out to many sockets of one topic (`join_ref` and `ref` null, as Phoenix
 * fastlanes broadcasts). It is encoded at most once per protocol version, however many
 * subscribers receive it, which is what keeps a 100-subscriber topic cheap.
 */
export class FanoutMessage {
  private readonly cache = new Map<Vsn, Encoded | null>();

  private constructor(
    readonly topic: string,
    readonly event: string,
    private readonly body: { kind: "json"; payload: unknown } | { kind: "user"; broadcast: UserBroadcast },
  ) {}

  /** A JSON push: `broadcast` from the database or REST, `presence_diff`, … */
  static json(topic: string, event: string, payload: unknown): FanoutMessage {
    return new FanoutMessage(topic, event, { kind: "json", payload });
  }

  /** A broadcast whose payload stays bytes: kind 4 to 2.0.0 clients, JSON (if it is JSON) to 1.0.0. */
  static userBroadcast(topic: string, broadcast: UserBroadcast): FanoutMessage {
    return new FanoutMessage(topic, "broadcast", { kind: "user", broadcast });
  }

  /** The frame for a socket speaking `vsn`, or undefined if that protocol cannot carry it. */
  encodedFor(vsn: Vsn): Encoded | undefined {
    let encoded = this.cache.get(vsn);
    if (encoded === undefined) {
      encoded = this.encode(vsn) ?? null;
      this.cache.set(vsn, encoded);
    }
    return encoded ?? undefined;
  }

  /** Encoded to bytes here, once, so no socket converts the same text again. */
  private encode(vsn: Vsn): Encoded | undefined {
    const frame = { joinRef: null, ref: null, topic: this.topic, event: this.event };
    if (this.body.kind === "json") return textFrame(encodeText(vsn, { ...frame, payload: this.body.payload }));
    if (vsn === "2.0.0") return binaryFrame(encodeUserBroadcast(this.topic, this.body.broadcast));
    const json = userBroadcastAsJson(this.body.broadcast);
    return json ? textFrame(encodeText(vsn, { ...frame, payload: json })) : undefined;
  }
}
