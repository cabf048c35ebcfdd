import type pg from "pg";
import type { TableCatalog, TableInfo } from "./catalog";
import type { ColumnFilter } from "./filters";
import { convertAndFilterQuery } from "./sql";
import type { ChangeBinding, ChangeSubscriber, ChangeSubscriptions } from "./subscriptions";
import { judgeRole, type RoleVerdict } from "./visibility";

/** A row change as streamed: text values by column name; an unchanged TOAST value is absent. */
export interface RowChange {
  relationId: number;
  type: "INSERT" | "UPDATE" | "DELETE";
  newTuple?: Record<string, string | null>;
  oldTuple?: Record<string, string | null>;
}

export interface CommittedChanges {
  /** The transaction's id (32 bits, as pgoutput sends it). */
  xid: number;
  commitTime: Date;
  endLsn: bigint;
  changes: RowChange[];
}

type Json = Record<string, unknown>;

interface PreparedChange {
  change: RowChange;
  record?: Json;
  oldRecord?: Json;
  /** Per distinct filter: whether it holds on the row the event is filtered on. */
  filterResults: boolean[];
  /** Keys present in the filtered row (a filter on an absent column never holds). */
  filteredKeys: Set<string>;
}

const filterKey = (filter: ColumnFilter) => JSON.stringify(filter);

const bindingCovers = (binding: ChangeBinding, table: TableInfo) =>
  (binding.schema === "*" || binding.schema === table.schema) &&
  (binding.table === undefined || binding.table === "*" || binding.table === table.table);

function bindingMatches(
  binding: ChangeBinding,
  table: TableInfo,
  prepared: PreparedChange,
  filterIndex: Map<string, number>,
): boolean {
  if (!bindingCovers(binding, table)) return false;
  if (binding.event !== "*" && binding.event !== prepared.change.type) return false;
  return binding.filters.every(
    (filter) => prepared.filteredKeys.has(filter.column) && prepared.filterResults[filterIndex.get(filterKey(filter))!],
  );
}

const pick = (record: Json | undefined, allowed: (name: string) => boolean): Json | undefined =>
  record && Object.fromEntries(Object.entries(record).filter(([name]) => allowed(name)));

/**
 * Turns committed row changes into postgres_changes pushes, per subscriber, after commit.
 * Transactions are processed one at a time in commit order, so no subscriber ever sees the
 * changes of a table out of order; within a transaction each table's rows are handled as
 * one batch (one conversion query, one RLS query per distinct subscriber claims).
 */
export class ChangeProcessor {
  constructor(
    private readonly pool: pg.Pool,
    private readonly catalog: TableCatalog,
    private readonly subscriptions: ChangeSubscriptions,
    private readonly log: (line: string) => void,
  ) {}

  async process(transaction: CommittedChanges): Promise<void> {
    const byRelation = new Map<number, RowChange[]>();
    for (const change of transaction.changes) {
      const list = byRelation.get(change.relationId);
      if (list) list.push(change);
      else byRelation.set(change.relationId, [change]);
    }
    for (const [relationId, changes] of byRelation) {
      const table = await this.catalog.get(relationId);
      if (!table) continue;
      const subscribers = this.subscriptions.subscribersOf(table.schema, table.table);
      if (subscribers.length === 0) continue;
      try {
        await this.processTable(table, changes, subscribers, transaction);
      } catch (error) {
        this.log(`realtime: postgres_changes on ${table.qualified} failed: ${(error as Error).stack ?? error}`);
        // Never a silent gap: whoever watches the table learns that changes were missed.
        for (const subscriber of subscribers)
          subscriber.changesStatus(
            "error",
            `Changes to ${table.schema}.${table.table} could not be delivered: ${(error as Error).message}`,
          );
      }
    }
  }

  private async processTable(
    table: TableInfo,
    changes: RowChange[],
    subscribers: ChangeSubscriber[],
    transaction: CommittedChanges,
  ): Promise<void> {
    const commitTimestamp = transaction.commitTime.toISOString();
    const filters = new Map<string, ColumnFilter>();
    for (const subscriber of subscribers) {
      for (const binding of subscriber.bindings)
        if (bindingCovers(binding, table)) for (const filter of binding.filters) filters.set(filterKey(filter), filter);
    }
    const filterList = [...filters.values()];
    const filterIndex = new Map(filterList.map((filter, index) => [filterKey(filter), index]));
    const prepared = await this.prepare(table, changes, filterList);

    // Which changes each subscriber's bindings select, and the subscribers grouped by claims.
    const matches = new Map<ChangeSubscriber, ChangeBinding[][]>();
    const groups = new Map<string, ChangeSubscriber[]>();
    for (const subscriber of subscribers) {
      const ids = prepared.map((row) =>
        subscriber.bindings.filter((binding) => bindingMatches(binding, table, row, filterIndex)),
      );
      if (!ids.some((list) => list.length > 0)) continue;
      matches.set(subscriber, ids);
      const key = JSON.stringify(subscriber.claims());
      const group = groups.get(key);
      if (group) group.push(subscriber);
      else groups.set(key, [subscriber]);
    }

    const verdicts = new Map<ChangeSubscriber, RoleVerdict>();
    await Promise.all(
      [...groups.values()].map(async (group) => {
        const keys = new Map<number, Record<string, string | null>>();
        prepared.forEach((row, position) => {
          if (
            row.change.type === "DELETE" ||
            !group.some((subscriber) => matches.get(subscriber)![position].length > 0)
          )
            return;
          keys.set(
            position,
            Object.fromEntries(table.primaryKey.map((name) => [name, row.change.newTuple?.[name] ?? null])),
          );
        });
        const verdict = await judgeRole(this.pool, table, group[0].claims(), keys, transaction.xid, this.log);
        for (const subscriber of group) verdicts.set(subscriber, verdict);
      }),
    );

    prepared.forEach((row, position) => {
      for (const [subscriber, bindings] of matches) {
        // Bindings selecting different columns get separate pushes, each naming its own ids.
        const bySelect = new Map<string, ChangeBinding[]>();
        for (const binding of bindings[position]) {
          const key = binding.select?.join(",") ?? "";
          bySelect.set(key, [...(bySelect.get(key) ?? []), binding]);
        }
        for (const group of bySelect.values()) {
          const data = this.payload(table, row, verdicts.get(subscriber)!, position, commitTimestamp, group[0].select);
          if (data) subscriber.deliverChange({ ids: group.map((binding) => binding.id), data });
        }
      }
    });
  }

  /** Converts every streamed row to typed JSON and evaluates the filters, in one query. */
  private async prepare(table: TableInfo, changes: RowChange[], filters: ColumnFilter[]): Promise<PreparedChange[]> {
    const rows: Array<Record<string, string | null>> = [];
    const slots = changes.map((change) => {
      const slot = { newAt: -1, oldAt: -1 };
      if (change.newTuple) slot.newAt = rows.push(change.newTuple) - 1;
      if (change.oldTuple) slot.oldAt = rows.push(change.oldTuple) - 1;
      return slot;
    });
    const query = convertAndFilterQuery(table, filters, rows);
    const { rows: converted } = await this.pool.query<{ values: unknown[]; matches: boolean[] }>(
      query.text,
      query.values,
    );
    const record = (at: number): Json | undefined => {
      if (at < 0) return undefined;
      const present = rows[at];
      const values = converted[at].values;
      return Object.fromEntries(
        table.columns.flatMap((column, index) => (column.name in present ? [[column.name, values[index]]] : [])),
      );
    };
    return changes.map((change, index) => {
      const { newAt, oldAt } = slots[index];
      const filteredAt = change.type === "DELETE" ? oldAt : newAt;
      return {
        change,
        record: record(newAt),
        oldRecord: record(oldAt),
        filterResults: filteredAt >= 0 ? converted[filteredAt].matches : [],
        filteredKeys: new Set(filteredAt >= 0 ? Object.keys(rows[filteredAt]) : []),
      };
    });
  }

  private payload(
    table: TableInfo,
    row: PreparedChange,
    verdict: RoleVerdict,
    position: number,
    commitTimestamp: string,
    select?: string[],
  ): Json | undefined {
    const { type } = row.change;
    const base = { schema: table.schema, table: table.table, commit_timestamp: commitTimestamp, type };
    // As apply_rls's error rows: which table and what happened, never the row itself.
    if (verdict.kind === "error") return { ...base, errors: [verdict.error] };
    if (type !== "DELETE" && verdict.visibleRows !== "all" && !verdict.visibleRows.has(position)) return undefined;
    const isKey = (name: string) => table.primaryKey.includes(name);
    const selectable = (name: string) => verdict.columns.has(name) && (!select || select.includes(name) || isKey(name));
    const columns = table.columns
      .filter((column) => selectable(column.name))
      .map((column) => ({ name: column.name, type: column.typeName }));
    if (type === "INSERT") return { ...base, columns, record: pick(row.record, selectable), errors: null };
    if (type === "UPDATE") {
      // An unchanged TOAST value is absent from the new row; the old row has it if the table's replica identity is FULL.
      const record = {
        ...pick(row.oldRecord, (name) => selectable(name) && !(name in (row.record ?? {}))),
        ...pick(row.record, selectable),
      };
      // Without REPLICA IDENTITY FULL the old row is only streamed when the key changed; otherwise it is the (unchanged) key.
      const oldRecord = row.oldRecord
        ? pick(row.oldRecord, selectable)
        : pick(row.record, (name) => isKey(name) && selectable(name));
      return { ...base, columns, record, old_record: oldRecord, errors: null };
    }
    const oldRecord = pick(row.oldRecord, (name) => selectable(name) && (!table.rlsEnabled || isKey(name)));
    return { ...base, columns, old_record: oldRecord, errors: null };
  }
}
