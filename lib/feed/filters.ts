import type { OperationInput } from "@/lib/operations/registry-types";
import { z } from "zod";

/**
 * The feed's filters as data. They live in the URL (so a view can be shared and survives a
 * reload), become the arguments of `entries_filtered_list` / `_count`, and decide whether a
 * live row belongs in the list. One canonical form (sorted, deduplicated) keeps query keys
 * and URLs stable whatever order a person clicked things in.
 */

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx", "failed"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** The methods the filter offers; any method token in a URL is accepted too. */
export const COMMON_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

const uuid = z.uuid();
const method = z.string().regex(/^[A-Z][A-Z0-9_-]{0,31}$/);
// Hosts are stored lower case (the entries.host column); a port or path is not part of one.
const host = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9_*]([a-z0-9_.*-]{0,251}[a-z0-9_*])?)$/);
const statusClass = z.enum(STATUS_CLASSES);

export const MAX_SEARCH_LENGTH = 200;
const MAX_LIST = 50;

export interface FeedFilters {
  workspace: string | null;
  devices: string[];
  hosts: string[];
  q: string;
  status: StatusClass[];
  methods: string[];
  /** Tag ids: captures carrying any of them. */
  tags: string[];
  /** Only the workspace's pinned captures (meaningless, and dropped, without a workspace). */
  pinned: boolean;
}

export const EMPTY_FILTERS: FeedFilters = {
  workspace: null,
  devices: [],
  hosts: [],
  q: "",
  status: [],
  methods: [],
  tags: [],
  pinned: false,
};

function canonicalList<T extends string>(values: Iterable<T>, order?: readonly T[]): T[] {
  const unique = [...new Set(values)];
  return order ? unique.sort((a, b) => order.indexOf(a) - order.indexOf(b)) : unique.sort();
}

/** Keeps the valid items of a list and drops the rest: a shared link with one bad value still opens. */
function validItems<T>(raw: readonly string[], schema: z.ZodType<T>): T[] {
  const out: T[] = [];
  for (const item of raw) {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out.slice(0, MAX_LIST);
}

export function normaliseFilters(filters: Partial<FeedFilters>): FeedFilters {
  const workspace =
    filters.workspace && uuid.safeParse(filters.workspace).success ? filters.workspace.toLowerCase() : null;
  return {
    workspace,
    devices: canonicalList(
      validItems(
        (filters.devices ?? []).map((d) => d.toLowerCase()),
        uuid,
      ),
    ),
    hosts: canonicalList(validItems(filters.hosts ?? [], host)),
    q: (filters.q ?? "").trim().slice(0, MAX_SEARCH_LENGTH),
    status: canonicalList(validItems(filters.status ?? [], statusClass), STATUS_CLASSES),
    methods: canonicalList(
      validItems(
        (filters.methods ?? []).map((m) => m.toUpperCase()),
        method,
      ),
    ),
    tags: canonicalList(
      validItems(
        (filters.tags ?? []).map((t) => t.toLowerCase()),
        uuid,
      ),
    ),
    pinned: Boolean(filters.pinned) && workspace !== null,
  };
}

/** What `URLSearchParams` and Next's `searchParams` prop both reduce to. */
export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

function readParam(params: SearchParamsLike, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

const splitList = (value: string | undefined) =>
  value
    ? value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean)
    : [];

export function filtersFromSearchParams(params: SearchParamsLike): FeedFilters {
  return normaliseFilters({
    workspace: readParam(params, "workspace") ?? null,
    devices: splitList(readParam(params, "devices")),
    hosts: splitList(readParam(params, "hosts")),
    q: readParam(params, "q") ?? "",
    status: splitList(readParam(params, "status")) as StatusClass[],
    methods: splitList(readParam(params, "methods")),
    tags: splitList(readParam(params, "tags")),
    pinned: readParam(params, "pinned") === "1",
  });
}

/** The filters' part of the URL; lists are comma-separated (no item can contain a comma). */
export function filtersToSearchParams(filters: FeedFilters): URLSearchParams {
  const f = normaliseFilters(filters);
  const params = new URLSearchParams();
  if (f.workspace) params.set("workspace", f.workspace);
  if (f.devices.length) params.set("devices", f.devices.join(","));
  if (f.hosts.length) params.set("hosts", f.hosts.join(","));
  if (f.q) params.set("q", f.q);
  if (f.status.length) params.set("status", f.status.join(","));
  if (f.methods.length) params.set("methods", f.methods.join(","));
  if (f.tags.length) params.set("tags", f.tags.join(","));
  if (f.pinned) params.set("pinned", "1");
  return params;
}

/** The selected entry shares the URL with the filters, so a link opens both. */
export function entryFromSearchParams(params: SearchParamsLike): number | null {
  const raw = readParam(params, "entry");
  if (!raw || !/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  return Number(raw);
}

const UUID_PARAM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The saved tab the view was opened from. It only names the tab (the strip marks it, "Update
 * tab" writes to it): the filters themselves are always spelled out beside it, so a link
 * opens the same list even after the tab was edited or removed. Not part of the query key.
 */
export function tabFromSearchParams(params: SearchParamsLike): string | null {
  const raw = readParam(params, "tab");
  return raw && UUID_PARAM.test(raw) ? raw.toLowerCase() : null;
}

export function feedHref(
  filters: FeedFilters,
  entryId: number | null = null,
  basePath = "/feed",
  tab: string | null = null,
): string {
  const params = filtersToSearchParams(filters);
  // A tab belongs to a workspace; without one it would name nothing.
  if (tab && filters.workspace) params.set("tab", tab);
  if (entryId !== null) params.set("entry", String(entryId));
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

export function hasActiveFilters(filters: FeedFilters): boolean {
  return Boolean(
    filters.workspace ||
    filters.devices.length ||
    filters.hosts.length ||
    filters.q ||
    filters.status.length ||
    filters.methods.length ||
    filters.tags.length ||
    filters.pinned,
  );
}

/** A stable string of the filters, for query keys. */
export function filtersKey(filters: FeedFilters): string {
  return filtersToSearchParams(filters).toString();
}

export const statusClassNumber = (c: StatusClass): number => (c === "failed" ? 0 : Number(c[0]));

/** Arguments shared by `entries_filtered_list` and `entries_filtered_count`. */
/** The filters as the input of search_entries and count_entries (absent means "any"). */
export function filterInput(filters: FeedFilters): OperationInput<"count_entries"> {
  return {
    ...(filters.workspace ? { workspace_id: filters.workspace } : {}),
    ...(filters.devices.length ? { device_uuids: filters.devices } : {}),
    ...(filters.hosts.length ? { hosts: filters.hosts } : {}),
    ...(filters.q ? { query: filters.q } : {}),
    ...(filters.methods.length ? { methods: filters.methods } : {}),
    ...(filters.status.length ? { status_classes: filters.status.map(statusClassNumber) } : {}),
    ...(filters.tags.length ? { tag_ids: filters.tags } : {}),
    ...(filters.pinned && filters.workspace ? { pinned_only: true } : {}),
  };
}
