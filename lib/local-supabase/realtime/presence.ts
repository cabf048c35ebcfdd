import { randomBytes } from "node:crypto";

/**
 * Presence as Phoenix.Presence keeps it: per topic, each key holds a list of metas, one per
 * tracking channel (the same user in two tabs is one key with two metas). A meta is the
 * tracked payload plus a `phx_ref`; a re-track with a different payload replaces the meta
 * and names the previous ref in `phx_ref_prev`, and the diff lists the old meta as a leave.
 */

export type Meta = Record<string, unknown> & { phx_ref: string; phx_ref_prev?: string };
export type PresenceMap = Record<string, { metas: Meta[] }>;
export interface PresenceDiff {
  joins: PresenceMap;
  leaves: PresenceMap;
}

interface Tracked {
  key: string;
  meta: Meta;
  payload: Record<string, unknown>;
}

const newRef = () => randomBytes(9).toString("base64url");

/** The presences of one topic; `Owner` is whatever identifies a tracking channel. */
export class TopicPresence<Owner> {
  private readonly byOwner = new Map<Owner, Tracked>();

  get empty(): boolean {
    return this.byOwner.size === 0;
  }

  state(): PresenceMap {
    const state: PresenceMap = {};
    for (const { key, meta } of this.byOwner.values()) (state[key] ??= { metas: [] }).metas.push(meta);
    return state;
  }

  /** Returns the diff to broadcast, or undefined when nothing changed (same payload again). */
  track(owner: Owner, key: string, payload: Record<string, unknown>): PresenceDiff | undefined {
    const previous = this.byOwner.get(owner);
    if (previous && previous.key === key && sameJson(previous.payload, payload)) return undefined;
    const meta: Meta = { ...payload, phx_ref: newRef() };
    const diff: PresenceDiff = { joins: {}, leaves: {} };
    if (previous) {
      if (previous.key === key) meta.phx_ref_prev = previous.meta.phx_ref;
      diff.leaves[previous.key] = { metas: [previous.meta] };
    }
    this.byOwner.set(owner, { key, meta, payload });
    diff.joins[key] = { metas: [meta] };
    return diff;
  }

  untrack(owner: Owner): PresenceDiff | undefined {
    const previous = this.byOwner.get(owner);
    if (!previous) return undefined;
    this.byOwner.delete(owner);
    return { joins: {}, leaves: { [previous.key]: { metas: [previous.meta] } } };
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** All topics' presences, each topic dropped when its last presence leaves. */
export class PresenceRegistry<Owner> {
  private readonly topics = new Map<string, TopicPresence<Owner>>();

  state(topicKey: string): PresenceMap {
    return this.topics.get(topicKey)?.state() ?? {};
  }

  track(topicKey: string, owner: Owner, key: string, payload: Record<string, unknown>): PresenceDiff | undefined {
    let topic = this.topics.get(topicKey);
    if (!topic) this.topics.set(topicKey, (topic = new TopicPresence<Owner>()));
    return topic.track(owner, key, payload);
  }

  untrack(topicKey: string, owner: Owner): PresenceDiff | undefined {
    const topic = this.topics.get(topicKey);
    const diff = topic?.untrack(owner);
    if (topic?.empty) this.topics.delete(topicKey);
    return diff;
  }
}
