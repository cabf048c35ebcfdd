import type { EntrySummary } from "./types";

/**
 * The summary the entries insert trigger broadcasts (event "entry", see the 0005/0011/0012
 * migrations) to `owner:<device owner>` and to `ws:<workspace_id>` of each workspace holding
 * the device, checked at the edge: a malformed message is dropped, never rendered. Checked by
 * hand rather than with a zod schema: this runs for every message, hundreds a second on a busy
 * fleet, and ten typeof tests cost a fraction of a schema parse.
 */
interface LiveEntryMessage {
  entry_id: number;
  ts: string;
  device_uuid: string;
  method: string;
  host: string | null;
  path: string;
  status: number | null;
  source: string;
  duration_ms: number | null;
  response_size?: number | null;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const orNull =
  <T>(check: (v: unknown) => v is T) =>
  (v: unknown): v is T | null =>
    v === null || check(v);
const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);
const isNullableString = orNull(isString);
const isNullableNumber = orNull(isNumber);
const isNullableInteger = orNull(isInteger);

function isLiveEntry(payload: unknown): payload is LiveEntryMessage {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return false;
  const m = payload as Record<keyof LiveEntryMessage, unknown>;
  return (
    isInteger(m.entry_id) &&
    m.entry_id > 0 &&
    isString(m.ts) &&
    isString(m.device_uuid) &&
    isString(m.method) &&
    isNullableString(m.host) &&
    isString(m.path) &&
    isNullableInteger(m.status) &&
    isString(m.source) &&
    isNullableNumber(m.duration_ms) &&
    (m.response_size === undefined || isNullableNumber(m.response_size))
  );
}

export function summaryFromBroadcast(payload: unknown): EntrySummary | null {
  if (!isLiveEntry(payload)) return null;
  // Built field by field: whatever else the message carries stays out of the cache.
  return {
    id: payload.entry_id,
    ts: payload.ts,
    device_uuid: payload.device_uuid,
    method: payload.method,
    host: payload.host,
    path: payload.path,
    status: payload.status,
    source: payload.source,
    duration_ms: payload.duration_ms,
    response_size: payload.response_size ?? null,
  };
}

export const workspaceTopic = (workspaceId: string) => `ws:${workspaceId}`;

export const ownerTopic = (userId: string) => `owner:${userId}`;

/**
 * Realtime allows 100 channels per socket, shared with the rest of the dashboard: the fleet's
 * "All" view listens to at most this many people's topics.
 */
export const MAX_OWNER_TOPICS = 50;

/** Who is looking: the user id and whether their role sees the whole fleet (role scope). */
export interface Viewer {
  userId: string;
  fleet: boolean;
}

/** How much of what the view can show arrives live. */
export type LiveCoverage =
  | { kind: "complete" }
  /** More people own devices than the view listens to. */
  | { kind: "capped"; people: number; owners: number }
  /** A fleet viewer whose device list failed to load: only their own devices are live. */
  | { kind: "own-only" };

export interface LivePlan {
  /** null: not known yet (the fleet's devices still loading): neither subscribe nor give up. */
  topics: string[] | null;
  coverage: LiveCoverage;
}

const complete: LiveCoverage = { kind: "complete" };

/**
 * Which topics carry the rows this view can show. A workspace view listens to that workspace.
 * "All" listens per device owner, since a device need not be in any workspace: an own-scope
 * viewer to their own topic; a fleet viewer to their own and then to each person owning a
 * device they can see (`devices` undefined: still loading; null: failed to load). The viewer
 * comes first so a device they add for themselves is live even before the device list
 * refreshes; the others go by how many devices they own, then by id, so the choice is stable
 * and a refetch of the same fleet never re-subscribes.
 */
export function livePlan(
  workspace: string | null,
  viewer: Viewer,
  devices: readonly { owner_user_id: string }[] | null | undefined,
): LivePlan {
  if (workspace) return { topics: [workspaceTopic(workspace)], coverage: complete };
  const own = [ownerTopic(viewer.userId)];
  if (!viewer.fleet) return { topics: own, coverage: complete };
  if (devices === undefined) return { topics: null, coverage: complete };
  if (devices === null) return { topics: own, coverage: { kind: "own-only" } };
  const owned = new Map<string, number>();
  for (const d of devices)
    if (d.owner_user_id !== viewer.userId) owned.set(d.owner_user_id, (owned.get(d.owner_user_id) ?? 0) + 1);
  const others = [...owned].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0)).map(([id]) => id);
  const listened = others.slice(0, MAX_OWNER_TOPICS - 1);
  const topics = [...own, ...listened.map(ownerTopic)];
  if (listened.length === others.length) return { topics, coverage: complete };
  // Counted in people who own devices: the viewer's own slot counts only if they have one.
  const self = devices.some((d) => d.owner_user_id === viewer.userId) ? 1 : 0;
  return { topics, coverage: { kind: "capped", people: listened.length + self, owners: others.length + self } };
}

/** What the status bar adds when not everything the view shows arrives live; null when it all does. */
export function coverageNote(coverage: LiveCoverage): string | null {
  switch (coverage.kind) {
    case "complete":
      return null;
    case "capped":
      return `Live updates cover only ${coverage.people} people's devices (of ${coverage.owners}); the others' new captures show when you reload.`;
    case "own-only":
      return "Live updates cover only your own devices (the device list did not load); reload to try again.";
  }
}
