import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";

export type RetentionAnswer = OperationOutput<"get_retention">;

const MIB = 1024 * 1024;
/** The smallest cap the server takes (update_retention, 0023). */
export const MIN_CAP_MIB = 16;

export interface RetentionDraft {
  /** As typed; empty means no limit. */
  days: string;
  capMib: string;
}

export const retentionKeys = {
  // Under "settings", so the settings page's live invalidation refreshes it too.
  of: (preview: { days: number | null; max_bytes: number | null } | null) =>
    ["settings", "retention", preview ? `${preview.days}:${preview.max_bytes}` : "saved"] as const,
};

export const retentionOptions = (
  call: CallOperation,
  preview: { days: number | null; max_bytes: number | null } | null = null,
) =>
  queryOptions({
    queryKey: retentionKeys.of(preview),
    queryFn: () =>
      call("get_retention", preview ? { preview_days: preview.days, preview_max_bytes: preview.max_bytes } : {}),
    staleTime: 30_000,
  });

export const draftOfRetention = (answer: RetentionAnswer): RetentionDraft => ({
  days: answer.retention_days === null ? "" : String(answer.retention_days),
  capMib: answer.retention_max_bytes === null ? "" : String(Math.round((answer.retention_max_bytes / MIB) * 100) / 100),
});

/** The draft as the operation's values, or the problem with it (named for the field). */
export function parseRetention(
  draft: RetentionDraft,
): { ok: true; days: number | null; max_bytes: number | null } | { ok: false; field: "days" | "cap"; message: string } {
  const days = draft.days.trim();
  const cap = draft.capMib.trim();
  let parsedDays: number | null = null;
  let parsedCap: number | null = null;
  if (days !== "") {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 36_500)
      return {
        ok: false,
        field: "days",
        message: "Days must be a whole number from 1 to 36500, or empty for no limit.",
      };
    parsedDays = n;
  }
  if (cap !== "") {
    const n = Number(cap);
    if (!Number.isFinite(n) || n < MIN_CAP_MIB || n > 1024 * 1024 * 1024)
      return {
        ok: false,
        field: "cap",
        message: `The size cap must be at least ${MIN_CAP_MIB} MiB, or empty for no cap.`,
      };
    parsedCap = Math.round(n * MIB);
  }
  return { ok: true, days: parsedDays, max_bytes: parsedCap };
}
