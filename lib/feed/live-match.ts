import { statusClassOf } from "./status";
import type { FeedFilters } from "./filters";
import type { EntrySummary } from "./types";

/**
 * Whether a row that arrived live belongs in the list under these filters. "maybe" when only
 * the server can tell: search covers the whole URL (scheme, port, query string), while the
 * live summary carries host and path only. A "maybe" row is not shown; it asks for a refresh
 * from REST instead, which applies the real search.
 */
export type LiveMatch = "yes" | "no" | "maybe";

export function matchLive(row: EntrySummary, filters: FeedFilters): LiveMatch {
  // A capture arrives untagged; tags are put on later, by a person.
  if (filters.tags.length) return "no";
  // Nor is it pinned yet: a pin is a person's later act, and the pin refreshes the view.
  if (filters.pinned) return "no";
  if (filters.devices.length && !filters.devices.includes(row.device_uuid)) return "no";
  if (filters.hosts.length && !filters.hosts.includes((row.host ?? "").toLowerCase())) return "no";
  if (filters.methods.length && !filters.methods.includes(row.method)) return "no";
  if (filters.status.length && !filters.status.includes(statusClassOf(row.status))) return "no";
  if (!filters.q) return "yes";
  const term = filters.q.toLowerCase();
  const host = (row.host ?? "").toLowerCase();
  const path = row.path.toLowerCase();
  // Each of these is a substring of the URL whatever its scheme, port or query.
  if (host.includes(term) || path.includes(term)) return "yes";
  return "maybe";
}
