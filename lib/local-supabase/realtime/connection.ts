import type { RawData, WebSocket } from "ws";
import { Channel, type ChannelHost } from "./channel";
import type { RealtimeHub } from "./hub";
import { joinChannel } from "./join";
import { decodeBinary, decodeText, encodeText, FrameError, type Frame, type Vsn } from "./protocol/frames";
import { textFrame, type Encoded } from "./protocol/outgoing";

/**
 * How far a socket may fall behind (bytes queued for a slow client) before its channels are
 * errored instead of silently losing messages; the client then rejoins and carries on.
 */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * One client WebSocket speaking Phoenix: heartbeats, joins, and per-topic routing. Messages
 * of one topic are handled in order, one at a time, as a Phoenix channel process would;
 * different topics do not wait for each other.
 */
export class RealtimeConnection implements ChannelHost {
  private readonly channels = new Map<string, Channel>();
  private readonly busy = new Map<string, Promise<void>>();
  private closed = false;
  /** Frames written since the last flush: sent together, in order, in one socket write. */
  private outbox: Encoded[] = [];

  constructor(
    private readonly ws: WebSocket,
    readonly vsn: Vsn,
    readonly hub: RealtimeHub,
    /** The connect `apikey`, translated as the gateway does: used when a join brings no token. */
    private readonly socketToken: string,
    private readonly onClosed: (connection: RealtimeConnection) => void,
  ) {
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("close", () => this.cleanup());
    ws.on("error", (error) => hub.log(`realtime: socket error: ${error.message}`));
  }

  private receive(data: RawData, isBinary: boolean): void {
    let frame: Frame;
    try {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      frame = isBinary ? decodeBinary(buffer) : decodeText(this.vsn, buffer.toString("utf8"));
    } catch (error) {
      // Phoenix drops frames it cannot decode; the socket stays usable.
      if (error instanceof FrameError) return this.hub.log(`realtime: dropped a frame: ${error.message}`);
      throw error;
    }
    if (frame.topic === "phoenix") {
      if (frame.event === "heartbeat")
        this.sendFrame({
          joinRef: null,
          ref: frame.ref,
          topic: "phoenix",
          event: "phx_reply",
          payload: { status: "ok", response: {} },
        });
      return;
    }
    const prior = this.busy.get(frame.topic);
    this.track(frame.topic, prior ? prior.then(() => this.handle(frame)) : this.handle(frame));
  }

  private track(topic: string, work: void | Promise<void>): void {
    if (!work) return;
    const settled: Promise<void> = work
      .catch((error: Error) => this.hub.log(`realtime: handling a message on ${topic} failed: ${error.stack ?? error}`))
      .finally(() => {
        if (this.busy.get(topic) === settled) this.busy.delete(topic);
      });
    this.busy.set(topic, settled);
  }

  private handle(frame: Frame): void | Promise<void> {
    if (frame.event === "phx_join") return this.join(frame);
    const channel = this.channels.get(frame.topic);
    if (channel) return channel.handle(frame);
    // Not joined. A refreshed token for a channel already gone is no error; a leave is fine.
    if (frame.event === "access_token") return;
    const payload =
      frame.event === "phx_leave"
        ? { status: "ok", response: {} }
        : { status: "error", response: { reason: "unmatched topic" } };
    this.sendFrame({ joinRef: frame.joinRef, ref: frame.ref, topic: frame.topic, event: "phx_reply", payload });
  }

  private async join(frame: Frame): Promise<void> {
    const reply = (payload: unknown) =>
      this.sendFrame({
        joinRef: frame.joinRef ?? frame.ref,
        ref: frame.ref,
        topic: frame.topic,
        event: "phx_reply",
        payload,
      });
    if (!frame.topic.startsWith("realtime:"))
      return reply({ status: "error", response: { reason: "unmatched topic" } });
    // Joining a topic again replaces the old channel, which the client is told is closed.
    const previous = this.channels.get(frame.topic);
    if (previous) {
      this.sendFrame({
        joinRef: previous.joinRef,
        ref: previous.joinRef,
        topic: previous.topic,
        event: "phx_close",
        payload: {},
      });
      previous.close();
    }
    const outcome = await joinChannel(this, frame, this.socketToken);
    if (this.closed) return;
    if (!outcome.ok) return reply({ status: "error", response: { reason: outcome.reason } });
    this.channels.set(frame.topic, outcome.channel);
    outcome.channel.attach();
    reply({ status: "ok", response: outcome.response });
    await outcome.afterReply();
  }

  sendFrame(frame: Frame): void {
    this.write(textFrame(encodeText(this.vsn, frame)));
  }

  deliver(encoded: Encoded | undefined): void {
    if (encoded === undefined || this.closed) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) return this.overflow();
    this.write(encoded);
  }

  /**
   * Frames are queued and flushed once the current batch of work is done (a microtask
   * later) as one socket write: a transaction of 100 broadcasts costs each socket one system
   * call, not 100. Replies share the queue, so nothing overtakes anything. The frames are
   * complete WebSocket frames (see websocket-frame.ts), written to the socket ws manages;
   * ws itself writes only whole control frames there, so frames never interleave.
   */
  private write(encoded: Encoded): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.outbox.push(encoded) === 1) queueMicrotask(() => this.flush());
  }

  private flush(): void {
    const frames = this.outbox;
    this.outbox = [];
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const socket = (this.ws as unknown as { _socket: { write(data: Buffer): boolean } })._socket;
    socket.write(frames.length === 1 ? frames[0].wire : Buffer.concat(frames.map((frame) => frame.wire)));
  }

  /** The client is not reading fast enough: error its channels rather than drop messages unseen. */
  private overflow(): void {
    this.hub.log(`realtime: a client fell ${this.ws.bufferedAmount} bytes behind; erroring its channels so it rejoins`);
    for (const channel of [...this.channels.values()])
      channel.fail("Too many messages: the client fell behind and must rejoin");
  }

  detach(channel: Channel): void {
    if (this.channels.get(channel.topic) === channel) this.channels.delete(channel.topic);
  }

  /** A person's access was revoked: each of their channels is shut down as an expired token's is. */
  revokeUser(userId: string, message: string): void {
    for (const channel of [...this.channels.values()]) {
      const claims = channel.claims();
      if (claims.role === "authenticated" && claims.sub === userId) channel.shutdown(message);
    }
  }

  /** Server shutdown: "going away", after which supabase-js reconnects on its own. */
  close(): void {
    this.ws.close(1001, "server shutting down");
    this.cleanup();
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of [...this.channels.values()]) channel.close();
    this.channels.clear();
    this.onClosed(this);
  }
}
