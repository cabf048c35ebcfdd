/**
 * The feed's columns, one grid template for the header and every row, so they always line up.
 * Rows have a fixed height (as httptoolkit-ui's list): the virtualizer never measures, a live
 * insert moves nothing by a fraction of a pixel, and keyboard paging is exact.
 */
export const ROW_HEIGHT = 32;

/**
 * The columns follow the list's own width (a container query on the list), not the screen's:
 * below 56rem (a phone, or the list beside an open detail pane) the device, duration, size and
 * tags columns are hidden, so host and path keep a readable width. The dated variant widens the
 * time column for "MM-DD hh:mm:ss.mmm", used when the listed captures span more than one day.
 * Full class names, so Tailwind finds them.
 */
export const GRID_COLUMNS =
  "grid-cols-[6rem_3.25rem_3rem_minmax(0,1fr)_minmax(0,2fr)] @4xl:grid-cols-[6.5rem_7rem_4.5rem_3.5rem_minmax(6rem,1fr)_minmax(6rem,2fr)_4.5rem_4.5rem_5rem]";
export const GRID_COLUMNS_DATED =
  "grid-cols-[8.5rem_3.25rem_3rem_minmax(0,1fr)_minmax(0,2fr)] @4xl:grid-cols-[9rem_7rem_4.5rem_3.5rem_minmax(6rem,1fr)_minmax(6rem,2fr)_4.5rem_4.5rem_5rem]";

/** On a cell of a column the narrow list leaves out. */
export const HIDDEN_WHEN_NARROW = "@max-4xl:hidden";

export const gridColumns = (dated: boolean) => (dated ? GRID_COLUMNS_DATED : GRID_COLUMNS);

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

/** The columns a narrow list leaves out. */
export const NARROW_HIDDEN: ReadonlySet<string> = new Set(["Device", "Duration", "Size", "Tags"]);
