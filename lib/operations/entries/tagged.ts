import type { Db } from "../types";
import type { EntryFilters } from "./filters";

/**
 * Captures carrying any of the given tags, or pinned into a workspace, with the other filters
 * applied. Tagged and pinned sets are curated by people and small, so this starts from
 * entry_tags / workspace_entries and reads entries as the caller: RLS on entries is the scope
 * (the tuned search functions, built for the whole table, stay untouched). A workspace
 * narrows to its devices and its pinned captures, as the search does; pinned_only to the pins.
 */
export const isCurated = (filters: EntryFilters) => Boolean(filters.tag_ids || filters.pinned_only);

function curatedWhere(filters: EntryFilters, params: unknown[]): string {
  const at = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filters.tag_ids)
    conditions.push(
      `e.id IN (SELECT et.entry_id FROM public.entry_tags et WHERE et.tag_id = ANY (${at(filters.tag_ids)}::uuid[]))`,
    );
  if (filters.workspace_id && filters.pinned_only) {
    conditions.push(
      `e.id IN (SELECT we.entry_id FROM public.workspace_entries we WHERE we.workspace_id = ${at(filters.workspace_id)})`,
    );
  } else if (filters.workspace_id) {
    const ws = at(filters.workspace_id);
    conditions.push(
      `(e.device_uuid IN (SELECT wd.device_uuid FROM public.workspace_devices wd WHERE wd.workspace_id = ${ws})
        OR e.id IN (SELECT we.entry_id FROM public.workspace_entries we WHERE we.workspace_id = ${ws}))`,
    );
  }
  if (filters.device_uuids) conditions.push(`e.device_uuid = ANY (${at(filters.device_uuids)}::uuid[])`);
  if (filters.hosts) conditions.push(`e.host = ANY (${at(filters.hosts)}::text[])`);
  if (filters.query) conditions.push(`e.url ILIKE ${at(`%${filters.query.replace(/[\\%_]/g, "\\$&")}%`)}`);
  if (filters.methods) conditions.push(`e.method = ANY (${at(filters.methods)}::text[])`);
  if (filters.status_classes)
    conditions.push(`coalesce(e.status / 100, 0) = ANY (${at(filters.status_classes)}::int[])`);
  return conditions.join(" AND ");
}

/** One capture's summary row, as both searches (entries_filtered_list and the tagged one) return it. */
export interface SummaryRow {
  id: string;
  ts: Date;
  device_uuid: string;
  method: string | null;
  host: string | null;
  path: string | null;
  status: number | null;
  source: string | null;
  duration_ms: number | null;
  response_size: string | null;
  tag_ids: string[];
}

export function listCurated(
  db: Db,
  filters: EntryFilters,
  beforeId: number | null,
  limit: number,
): Promise<SummaryRow[]> {
  const params: unknown[] = [];
  const where = curatedWhere(filters, params);
  const before = beforeId === null ? "" : ` AND e.id < $${params.push(beforeId)}`;
  return db.query<SummaryRow>(
    `SELECT e.id, e.ts, e.device_uuid, e.method, e.host, e.path, e.status, e.source, e.duration_ms,
            coalesce((e.payload #>> '{response,body,size}')::bigint, nullif((e.payload #>> '{response,bodySize}')::bigint, -1)) AS response_size,
            ARRAY(SELECT et.tag_id::text FROM public.entry_tags et WHERE et.entry_id = e.id ORDER BY et.tag_id) AS tag_ids
     FROM public.entries e WHERE ${where}${before} ORDER BY e.id DESC LIMIT $${params.push(limit)}`,
    params,
  );
}

export async function countCurated(db: Db, filters: EntryFilters): Promise<number> {
  const params: unknown[] = [];
  const [row] = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM public.entries e WHERE ${curatedWhere(filters, params)}`,
    params,
  );
  return Number(row.n);
}
