import type { StatusClass } from "./filters";

/** A status code's class, as the filters name it; a capture without a response has "failed". */
export function statusClassOf(status: number | null | undefined): StatusClass {
  if (status === null || status === undefined || status < 100 || status > 599) return "failed";
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/**
 * Text colours per class, readable on both themes. Full class names, so Tailwind finds them.
 * Informational and redirects stay quiet; success is green, client errors amber, server
 * errors and failures red: the eye should land on what went wrong.
 */
const TONES: Record<StatusClass, string> = {
  "1xx": "text-zinc-500 dark:text-zinc-400",
  "2xx": "text-emerald-700 dark:text-emerald-400",
  "3xx": "text-sky-700 dark:text-sky-400",
  "4xx": "text-amber-700 dark:text-amber-400",
  "5xx": "text-red-700 dark:text-red-400",
  failed: "text-red-700 dark:text-red-400",
};

export function statusTone(status: number | null | undefined): string {
  return TONES[statusClassOf(status)];
}

export function statusLabel(status: number | null | undefined): string {
  return status === null || status === undefined ? "failed" : String(status);
}
