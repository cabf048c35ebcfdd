/** Colours with enough contrast on both themes; status classes keep the feed's meaning. */
export const STATUS_COLORS: Record<string, string> = {
  "0": "#71717a",
  "1": "#7c3aed",
  "2": "#16a34a",
  "3": "#0284c7",
  "4": "#d97706",
  "5": "#dc2626",
};

const SERIES_COLORS = ["#0369a1", "#c2410c", "#15803d", "#7e22ce", "#be123c", "#0f766e", "#a16207", "#4d7c0f"];

export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length];
