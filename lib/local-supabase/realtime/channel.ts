import { readPolicies, writePolicies, type ReadPolicies, type WritePolicies } from "./authorization";
import type { ChangeBinding, ChangeSubscriber } from "./changes/subscriptions";
import type { RealtimeHub } from "./hub";
import type { Frame, UserBroadcast, Vsn } from "./protocol/frames";
import { FanoutMessage, type Encoded } from "./protocol/outgoing";
import { checkToken, type RealtimeClaims } from "./tokens";
import { topicKey, type TopicSubscriber } from "./topics";

/** The socket side a channel talks through. */
export interface ChannelHost {
  readonly vsn: Vsn;
  readonly hub: RealtimeHub;
  /** Replies and channel-control pushes: always written. */
  sendFrame(frame: Frame): void;
  /** Fan-out pushes: written unless the socket has fallen too far behind. */
  deliver(encoded: Encoded | undefined): void;
  detach(channel: Channel): void;
}

export interface ChannelSettings {
  topic: string;
  joinRef: string | null;
  isPrivate: boolean;
  token: string;
  claims: RealtimeClaims;
  read: ReadPolicies;
  selfBroadcast: boolean;
  ackBroadcast: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  bindings: ChangeBinding[];
}

/** Re-check at least hourly, as Realtime caps its token re-confirmation timer. */
const MAX_CONFIRM_INTERVAL_MS = 3_600_000;

/** One joined channel on one socket: a topic subscriber, and a postgres_changes subscriber. */
export class Channel implements TopicSubscriber, ChangeSubscriber {
  readonly topic: string;
  readonly subTopic: string;
  readonly key: string;
  readonly joinRef: string | null;
  readonly isPrivate: boolean;
  readonly bindings: ChangeBinding[];
  private token: string;
  private currentClaims: RealtimeClaims;
  private read: ReadPolicies;
  private write?: WritePolicies;
  private presenceEnabled: boolean;
  private closed = false;
  private confirmTimer?: NodeJS.Timeout;

  constructor(
    private readonly host: ChannelHost,
    private readonly settings: ChannelSettings,
  ) {
    this.topic = settings.topic;
    this.subTopic = settings.topic.slice("realtime:".length);
    this.key = topicKey(this.subTopic, settings.isPrivate);
    this.joinRef = settings.joinRef;
    this.isPrivate = settings.isPrivate;
    this.bindings = settings.bindings;
    this.token = settings.token;
    this.currentClaims = settings.claims;
    this.read = settings.read;
    this.presenceEnabled = settings.presenceEnabled;
  }

  private get hub(): RealtimeHub {
    return this.host.hub;
  }

  get readsBroadcast(): boolean {
    return !this.isPrivate || this.read.broadcast;
  }

  get readsPresence(): boolean {
    return !this.isPrivate || this.read.presence;
  }

  claims(): RealtimeClaims {
    return this.currentClaims;
  }

  /** Registers the channel with the fan-outs; called before the join reply goes out. */
  attach(): void {
    this.hub.topics.add(this.key, this);
    if (this.bindings.length > 0) this.hub.changes.add(this);
    this.scheduleTokenCheck();
  }

  deliver(message: FanoutMessage): void {
    if (!this.closed) this.host.deliver(message.encodedFor(this.host.vsn));
  }

  deliverChange(payload: unknown): void {
    if (!this.closed)
      this.host.deliver(FanoutMessage.json(this.topic, "postgres_changes", payload).encodedFor(this.host.vsn));
  }

  changesStatus(status: "ok" | "error", message: string): void {
    this.push("system", { extension: "postgres_changes", status, message, channel: this.subTopic });
  }

  /** A push of this channel (`join_ref` set, `ref` null), e.g. `system` or `presence_state`. */
  push(event: string, payload: unknown): void {
    if (!this.closed) this.host.sendFrame({ joinRef: this.joinRef, ref: null, topic: this.topic, event, payload });
  }

  reply(ref: string | null, status: "ok" | "error", response: unknown = {}): void {
    this.host.sendFrame({
      joinRef: this.joinRef,
      ref,
      topic: this.topic,
      event: "phx_reply",
      payload: { status, response },
    });
  }

  sendPresenceState(): void {
    if (this.presenceEnabled && this.readsPresence) this.push("presence_state", this.hub.presence.state(this.key));
  }

  handle(frame: Frame): void | Promise<void> {
    switch (frame.event) {
      case "broadcast":
        return this.onBroadcast(frame);
      case "presence":
        return this.onPresence(frame);
      case "access_token":
        return this.onAccessToken(frame.payload);
      case "phx_leave":
        this.reply(frame.ref, "ok");
        this.close();
        return;
      default:
        // Realtime logs unexpected events and answers nothing.
        return;
    }
  }

  private async writes(): Promise<WritePolicies> {
    if (!this.isPrivate) return { broadcast: true, presence: true };
    this.write ??= await writePolicies(this.hub.pool, this.currentClaims, this.subTopic, this.hub.log);
    return this.write;
  }

  private async onBroadcast(frame: Frame): Promise<void> {
    const ack = this.settings.ackBroadcast;
    // A denied broadcast is dropped without a reply, as on Supabase (an ack then times out).
    if (this.isPrivate && !(await this.writes()).broadcast) return;
    let message: FanoutMessage;
    if (Buffer.isBuffer((frame.payload as UserBroadcast | undefined)?.data)) {
      message = FanoutMessage.userBroadcast(this.topic, frame.payload as UserBroadcast);
    } else {
      message = FanoutMessage.json(this.topic, "broadcast", frame.payload);
    }
    this.hub.topics.broadcast(this.key, message, this.settings.selfBroadcast ? undefined : this);
    if (ack) this.reply(frame.ref, "ok");
  }

  private async onPresence(frame: Frame): Promise<void> {
    const body = (frame.payload ?? {}) as { event?: unknown; payload?: unknown };
    const event = typeof body.event === "string" ? body.event.toLowerCase() : "";
    if (event === "untrack") {
      this.untrack();
      return this.reply(frame.ref, "ok");
    }
    if (event !== "track") return this.reply(frame.ref, "error");
    const payload = body.payload ?? {};
    if (typeof payload !== "object" || Array.isArray(payload) || payload === null) {
      return this.reply(frame.ref, "error", { reason: "Presence track payload must be a map" });
    }
    if (this.isPrivate && !(await this.writes()).presence) return this.reply(frame.ref, "error");
    const diff = this.hub.presence.track(this.key, this, this.settings.presenceKey, payload as Record<string, unknown>);
    const enabling = !this.presenceEnabled;
    this.presenceEnabled = true;
    this.reply(frame.ref, "ok");
    // A track is what enabled presence here: this channel never got the join-time state.
    if (enabling) this.sendPresenceState();
    if (diff) this.hub.topics.presenceDiff(this.key, FanoutMessage.json(this.topic, "presence_diff", diff));
  }

  private untrack(): void {
    const diff = this.hub.presence.untrack(this.key, this);
    if (diff) this.hub.topics.presenceDiff(this.key, FanoutMessage.json(this.topic, "presence_diff", diff));
  }

  /**
   * A refreshed token, pushed unsolicited and never answered. Realtime re-verifies it,
   * re-evaluates a private channel's policies, hands the new claims to postgres_changes,
   * and shuts the channel down when the token is bad or read access was revoked.
   */
  private async onAccessToken(payload: unknown): Promise<void> {
    const token = (payload as { access_token?: unknown } | undefined)?.access_token;
    if (typeof token !== "string" || token.startsWith("sb_") || token === this.token) return;
    const check = await checkToken(this.hub.keys, token);
    if (!check.ok) return this.shutdown(check.message);
    this.token = token;
    this.currentClaims = check.claims;
    if (this.isPrivate) {
      const previous = this.read;
      this.read = await readPolicies(this.hub.pool, check.claims, this.subTopic, this.hub.log);
      this.write = undefined;
      if ((previous.broadcast && !this.read.broadcast) || (previous.presence && !this.read.presence)) {
        return this.shutdown(`You no longer have permission to read from this Channel topic: ${this.subTopic}`);
      }
    }
    this.scheduleTokenCheck();
  }

  /** When the token expires the channel is shut down, unless a refresh arrived first. */
  private scheduleTokenCheck(): void {
    clearTimeout(this.confirmTimer);
    const delay = Math.min(MAX_CONFIRM_INTERVAL_MS, Math.max(0, this.currentClaims.exp * 1000 - Date.now()) + 50);
    this.confirmTimer = setTimeout(() => {
      void checkToken(this.hub.keys, this.token).then((check) => {
        if (this.closed) return;
        if (check.ok) this.scheduleTokenCheck();
        else this.shutdown(check.message);
      });
    }, delay);
    this.confirmTimer.unref();
  }

  /** Realtime's shutdown_response: a system error naming the reason, then phx_close. */
  shutdown(message: string): void {
    if (this.closed) return;
    this.push("system", { extension: "system", status: "error", message, channel: this.subTopic });
    this.host.sendFrame({
      joinRef: this.joinRef,
      ref: this.joinRef,
      topic: this.topic,
      event: "phx_close",
      payload: {},
    });
    this.close();
  }

  /** The channel crashed, as far as the client can tell: it reports an error and rejoins. */
  fail(message: string): void {
    if (this.closed) return;
    this.push("system", { extension: "system", status: "error", message, channel: this.subTopic });
    this.host.sendFrame({
      joinRef: this.joinRef,
      ref: this.joinRef,
      topic: this.topic,
      event: "phx_error",
      payload: {},
    });
    this.close();
  }

  /** Leaves every fan-out; presence leaves are broadcast. Idempotent. */
  close(): void {
    if (this.closed) return;
    // Closed first: the leave diff goes to the others, not back to a channel that is gone.
    this.closed = true;
    this.untrack();
    clearTimeout(this.confirmTimer);
    this.hub.topics.remove(this.key, this);
    if (this.bindings.length > 0) this.hub.changes.remove(this);
    this.host.detach(this);
  }
}
