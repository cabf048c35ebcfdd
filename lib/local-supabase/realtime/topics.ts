import type { FanoutMessage } from "./protocol/outgoing";

/** A joined channel as the fan-out sees it. */
export interface TopicSubscriber {
  /** Private channels receive broadcasts only if RLS let them read the broadcast extension. */
  readonly readsBroadcast: boolean;
  readonly readsPresence: boolean;
  deliver(message: FanoutMessage): void;
}

/**
 * Private and public channels of the same name are separate topics, as on Supabase
 * (`Tenants.tenant_topic`): a database message sent with `private = true` reaches only
 * private channels, and a public broadcast never reaches a private channel.
 */
export function topicKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? "private" : "public"}:${subTopic}`;
}

/** Per-topic subscriber sets: one lookup per message, whatever the number of topics. */
export class TopicRegistry {
  private readonly topics = new Map<string, Set<TopicSubscriber>>();

  add(key: string, subscriber: TopicSubscriber): void {
    let subscribers = this.topics.get(key);
    if (!subscribers) this.topics.set(key, (subscribers = new Set()));
    subscribers.add(subscriber);
  }

  remove(key: string, subscriber: TopicSubscriber): void {
    const subscribers = this.topics.get(key);
    if (!subscribers) return;
    subscribers.delete(subscriber);
    if (subscribers.size === 0) this.topics.delete(key);
  }

  subscriberCount(key: string): number {
    return this.topics.get(key)?.size ?? 0;
  }

  /** A broadcast to everyone on the topic who may read it, but `except` (no `self`). */
  broadcast(key: string, message: FanoutMessage, except?: TopicSubscriber): number {
    const subscribers = this.topics.get(key);
    if (!subscribers) return 0;
    let delivered = 0;
    // A copy, because a subscriber that overflows is removed while we iterate.
    for (const subscriber of [...subscribers]) {
      if (subscriber === except || !subscriber.readsBroadcast) continue;
      subscriber.deliver(message);
      delivered++;
    }
    return delivered;
  }

  presenceDiff(key: string, message: FanoutMessage): void {
    const subscribers = this.topics.get(key);
    if (!subscribers) return;
    for (const subscriber of [...subscribers]) if (subscriber.readsPresence) subscriber.deliver(message);
  }
}
