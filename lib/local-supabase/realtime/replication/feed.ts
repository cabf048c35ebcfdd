import type { CommittedChanges, ChangeProcessor, RowChange } from "../changes/processor";
import type { RealtimeHub } from "../hub";
import { deliverDatabaseBroadcast } from "../database-broadcast";
import type { PgOutputMessage, Relation, TupleValue } from "./pgoutput";
import type { ReplicationHandler } from "./stream";

/** Bounds on transactions waiting for postgres_changes processing (flow control, not loss). */
const PAUSE_ABOVE = 1_000;
const RESUME_BELOW = 100;

export interface FlowControl {
  pause(): void;
  resume(): void;
  acknowledge(lsn: bigint): void;
}

function tupleObject(relation: Relation, tuple: TupleValue[]): Record<string, string | null> {
  const row: Record<string, string | null> = {};
  relation.columns.forEach((column, index) => {
    const value = tuple[index];
    if (value?.kind === "text") row[column.name] = value.text;
    else if (value?.kind === "null") row[column.name] = null;
  });
  return row;
}

const isMessagesTable = (relation: Relation) =>
  relation.schema === "realtime" && (relation.name === "messages" || relation.name.startsWith("messages_"));

/**
 * Routes the decoded stream. Inserts into realtime.messages are broadcasts and go out at
 * once, in commit order. Row changes of published tables somebody watches are gathered per
 * transaction and handed, after its commit, to the change processor, which works through
 * transactions strictly one after another.
 */
export class ChangeFeed implements ReplicationHandler {
  private readonly relations = new Map<number, Relation>();
  private current?: {
    xid: number;
    commitTime: Date;
    changes: RowChange[];
    broadcasts: Record<string, string | null>[];
  };
  /** Commit LSN of the newest transaction taken in; a resumed slot may send it again. */
  private lastCommitLsn = 0n;
  private readonly queue: CommittedChanges[] = [];
  private draining = false;
  flow?: FlowControl;

  constructor(
    private readonly hub: RealtimeHub,
    private readonly processor: ChangeProcessor,
  ) {}

  message(message: PgOutputMessage): void {
    switch (message.tag) {
      case "relation":
        this.relations.set(message.relation.id, message.relation);
        this.hub.catalog.invalidate(message.relation.id);
        return;
      case "begin":
        // After a reconnect the slot replays from the last acknowledged transaction: whatever
        // was already taken in (queued or delivered) must not go out twice. Without a current
        // transaction its rows and its commit are ignored.
        this.current =
          message.finalLsn <= this.lastCommitLsn
            ? undefined
            : { xid: message.xid, commitTime: message.commitTime, changes: [], broadcasts: [] };
        return;
      case "insert":
      case "update":
      case "delete":
        return this.rowChange(message);
      case "commit":
        if (!this.current) return;
        this.lastCommitLsn = message.commitLsn;
        return this.commit(message.endLsn, message.commitTime);
      default:
        return;
    }
  }

  private rowChange(message: Extract<PgOutputMessage, { tag: "insert" | "update" | "delete" }>): void {
    const relation = this.relations.get(message.relationId);
    if (!relation) return;
    if (isMessagesTable(relation)) {
      // Sent at the commit, so a transaction cut off mid-stream and sent again is sent once.
      if (message.tag === "insert") this.current?.broadcasts.push(tupleObject(relation, message.newTuple));
      return;
    }
    if (!this.current || !this.hub.changes.watches(relation.schema, relation.name)) return;
    const type = message.tag === "insert" ? "INSERT" : message.tag === "update" ? "UPDATE" : "DELETE";
    this.current.changes.push({
      relationId: message.relationId,
      type,
      newTuple: message.tag === "delete" ? undefined : tupleObject(relation, message.newTuple),
      oldTuple: message.tag === "insert" || !message.oldTuple ? undefined : tupleObject(relation, message.oldTuple),
    });
  }

  private commit(endLsn: bigint, commitTime: Date): void {
    const changes = this.current?.changes ?? [];
    const xid = this.current?.xid ?? 0;
    for (const broadcast of this.current?.broadcasts ?? []) deliverDatabaseBroadcast(this.hub, broadcast);
    this.current = undefined;
    if (changes.length === 0 && this.queue.length === 0 && !this.draining) {
      this.flow?.acknowledge(endLsn);
      return;
    }
    this.queue.push({ xid, commitTime, endLsn, changes });
    if (this.queue.length > PAUSE_ABOVE) this.flow?.pause();
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        if (next.changes.length > 0) await this.processor.process(next);
        this.flow?.acknowledge(next.endLsn);
        if (this.queue.length < RESUME_BELOW) this.flow?.resume();
      }
    } finally {
      this.draining = false;
    }
  }

  interrupted(): void {
    // A transaction cut off mid-stream is sent again whole after the reconnect.
    this.current = undefined;
    this.hub.streaming = false;
    for (const subscriber of this.hub.changes.all()) {
      subscriber.changesStatus(
        "error",
        "Realtime lost its connection to the database; changes are delayed until it reconnects",
      );
    }
  }

  resumed(lost: boolean): void {
    this.hub.streaming = true;
    for (const subscriber of this.hub.changes.all()) {
      if (lost)
        subscriber.changesStatus(
          "error",
          "Realtime's replication slot was lost; changes made while it was down are not delivered",
        );
      subscriber.changesStatus("ok", "Subscribed to PostgreSQL");
    }
  }
}
