/**
 * The feed's columns, one grid template for the header and every row, so they always line up.
 * Rows have a fixed height (as httptoolkit-ui's list): the virtualizer never measures, a live
 * insert moves nothing by a fraction of a pixel, and keyboard paging is exact.
 */
export const ROW_HEIGHT = 32;

export const GRID_COLUMNS =
  "grid-cols-[6.5rem_7rem_4.5rem_3.5rem_minmax(6rem,1fr)_minmax(6rem,2fr)_4.5rem_4.5rem_5rem]";

export const COLUMN_LABELS = [
  "Time",
  "Device",
  "Method",
  "Status",
  "Host",
  "Path",
  "Duration",
  "Size",
  "Tags",
] as const;
