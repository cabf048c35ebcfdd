import { z } from "zod";
import { invalid } from "@/lib/errors";

/**
 * Lists come in small pages with an opaque cursor. The cursor only says where the next page
 * starts (an offset or the last key seen) and which operation made it; it grants nothing —
 * every page is read as the caller, under RLS — so it needs no signature.
 */

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export const limitField = (defaultSize = DEFAULT_PAGE, max = MAX_PAGE) =>
  z.number().int().min(1).max(max).default(defaultSize).describe(`Page size (default ${defaultSize}, at most ${max}).`);

export const cursorField = z
  .string()
  .min(1)
  .max(512)
  .optional()
  .describe("Opaque cursor: pass the `next_cursor` of the previous page to get the next one.");

/** The common envelope of every list result. */
export function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null when this is the last."),
    truncated: z.boolean().describe("True when more items exist than this page holds."),
    note: z.string().optional().describe("How to get more, when truncated."),
  });
}

type CursorState = Record<string, string | number>;

export function encodeCursor(operation: string, state: CursorState): string {
  return Buffer.from(JSON.stringify({ op: operation, ...state }), "utf8").toString("base64url");
}

/** The state in a cursor made by `operation`, or a VALIDATION_FAILED naming `cursor`. */
export function decodeCursor<State extends CursorState>(
  operation: string,
  cursor: string | undefined,
  shape: z.ZodType<State>,
): State | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid(
      "cursor",
      "not a cursor this server made.",
      "Pass `next_cursor` exactly as returned, or omit it for the first page.",
    );
  }
  if (!decoded || typeof decoded !== "object" || (decoded as { op?: unknown }).op !== operation) {
    throw invalid(
      "cursor",
      `this cursor belongs to another operation, not ${operation}.`,
      "Pass the `next_cursor` that this operation returned.",
    );
  }
  const parsed = shape.safeParse(decoded);
  if (!parsed.success) throw invalid("cursor", "the cursor is damaged.", "Start again without a cursor.");
  return parsed.data;
}

/**
 * A page from `rows` fetched with `limit + 1`: the extra row only says there is more.
 * `nextState` turns the last row kept into the cursor state for the next page.
 */
export function toPage<Row, Item>(
  operation: string,
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  nextState: (last: Row) => CursorState,
) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const next_cursor = more ? encodeCursor(operation, nextState(kept[kept.length - 1])) : null;
  return {
    items: kept.map(toItem),
    next_cursor,
    truncated: more,
    ...(more
      ? { note: `More items exist: call ${operation} again with cursor set to next_cursor (and the same filters).` }
      : {}),
  };
}

/** Offset pagination for small catalogues ordered by a stable key. */
export const offsetCursor = z.object({ offset: z.number().int().min(0) });

export function offsetOf(operation: string, cursor: string | undefined): number {
  return decodeCursor(operation, cursor, offsetCursor)?.offset ?? 0;
}
