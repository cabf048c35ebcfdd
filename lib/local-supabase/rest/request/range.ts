/**
 * Row ranges (PostgREST's `RangeQuery.hs`): `[lower, upper]` with `upper` null for "to the
 * end". `limit=0` is the special range `[0, -1]`, the only empty range a request may ask for.
 */
export interface RowRange {
  lower: number;
  upper: number | null;
}

export const ALL_ROWS: RowRange = { lower: 0, upper: null };

export const rangeLimit = (range: RowRange): number | null =>
  range.upper === null ? null : range.upper - range.lower + 1;

export const isEmptyRange = (range: RowRange) => range.upper !== null && range.upper < range.lower;

export const isLimitZero = (range: RowRange) => range.upper === -1;

export const isAllRows = (range: RowRange) => range.lower === 0 && range.upper === null;

export function intersect(a: RowRange, b: RowRange): RowRange {
  const upper = a.upper === null ? b.upper : b.upper === null ? a.upper : Math.min(a.upper, b.upper);
  return { lower: Math.max(a.lower, b.lower), upper };
}

/** At most `maxRows` rows from the range's start (PostgREST's `restrictRange`). */
export function restrict(range: RowRange, maxRows: number | null): RowRange {
  if (maxRows === null) return range;
  return intersect(range, { lower: 0, upper: range.lower + maxRows - 1 });
}

/** `db-max-rows` applied to a node, keeping `limit=0` as it is. */
export function restrictKeepingLimitZero(range: RowRange, maxRows: number | null): RowRange {
  return isLimitZero(range) ? range : restrict(range, maxRows);
}

/** The `Range: 0-9` header; anything that does not match the pattern means all rows. */
export function parseRangeHeader(value: string | undefined): RowRange {
  const match = value ? /^([0-9]+)-([0-9]*)$/.exec(value.trim()) : null;
  if (!match) return ALL_ROWS;
  return { lower: Number(match[1]), upper: match[2] === "" ? null : Number(match[2]) };
}

/** `Content-Range: 0-9/100`, `*\/0`, `0-9/*`. */
export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : "*";
  return `${range}/${total === null ? "*" : total}`;
}

/** The status of a read: 416 past the end, 206 for part of a counted total, else 200. */
export function rangeStatus(lower: number, returned: number, total: number | null): number {
  if (total === null) return 200;
  if (lower > total) return 416;
  return returned < total ? 206 : 200;
}
