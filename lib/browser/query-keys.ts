import { filtersKey, type FeedFilters } from "@/lib/feed/filters";

/** Every query key in one place, so a Realtime patch and the query it patches cannot drift apart. */
export const queryKeys = {
  access: (userId: string) => ["access", userId] as const,
  workspaces: () => ["workspaces"] as const,
  devices: () => ["devices"] as const,
  device: (uuid: string) => ["devices", uuid] as const,
  deviceSettings: (uuid: string) => ["devices", uuid, "settings"] as const,
  tags: () => ["tags"] as const,
  people: () => ["people"] as const,
  hosts: (workspace: string | null) => ["hosts", workspace ?? "all"] as const,
  feed: (filters: FeedFilters) => ["feed", filtersKey(filters)] as const,
  feedAll: () => ["feed"] as const,
  feedCount: (filters: FeedFilters) => ["feed-count", filtersKey(filters)] as const,
  entry: (id: number) => ["entry", id] as const,
  entryTags: (id: number) => ["entry", id, "tags"] as const,
};
