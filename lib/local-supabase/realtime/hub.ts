import type pg from "pg";
import type { ApiKeys } from "../keys";
import { TableCatalog } from "./changes/catalog";
import { ChangeSubscriptions } from "./changes/subscriptions";
import { PresenceRegistry } from "./presence";
import { TopicRegistry, type TopicSubscriber } from "./topics";

/** What every socket and channel of the Realtime service shares. */
export interface RealtimeHub {
  pool: pg.Pool;
  keys: ApiKeys;
  log: (line: string) => void;
  topics: TopicRegistry;
  presence: PresenceRegistry<TopicSubscriber>;
  catalog: TableCatalog;
  changes: ChangeSubscriptions;
  /** False while the replication stream is down: postgres_changes subscribers are told. */
  streaming: boolean;
}

export function createHub(pool: pg.Pool, keys: ApiKeys, log: (line: string) => void): RealtimeHub {
  return {
    pool,
    keys,
    log,
    topics: new TopicRegistry(),
    presence: new PresenceRegistry<TopicSubscriber>(),
    catalog: new TableCatalog(pool),
    changes: new ChangeSubscriptions(),
    streaming: false,
  };
}
