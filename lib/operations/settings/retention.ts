import { z } from "zod";
import { AppError } from "@/lib/errors";
import { iso, num } from "../fields";
import { defineOperation, type Db } from "../types";
import { assertUnchanged, expectedUpdatedAt } from "../versions";

/** Bounds as the CHECKs in 0023 state them: a cap below 16 MiB would drop everything but this week. */
export const RETENTION_MIN_BYTES = 16 * 1024 * 1024;
const days = z.number().int().min(1).max(36_500);
const maxBytes = z.number().int().min(RETENTION_MIN_BYTES).max(Number.MAX_SAFE_INTEGER);

const estimate = z.object({
  partitions: z
    .array(
      z.object({
        name: z.string(),
        range_start: z.string(),
        range_end: z.string(),
        bytes: z.number(),
        reason: z.enum(["days", "size"]),
      }),
    )
    .describe("The weekly partitions the setting removes, oldest first"),
  freed_bytes: z.number().describe("Their total size on disk (pg_total_relation_size): what dropping them frees"),
  cutoff: z.string().nullable().describe("Captures older than this go; null when nothing is set"),
  default_rows: z
    .number()
    .describe("Captures in the default partition (outside any week's) older than the cutoff, counted up to 100,001"),
  total_bytes: z.number().describe("The size of all captures now"),
});

const retention = z.object({
  retention_days: z.number().nullable(),
  retention_max_bytes: z.number().nullable(),
  updated_at: z.string().nullable(),
  updated_by: z.string().nullable(),
  estimate: estimate.describe("What the saved setting (or the preview asked for) removes at the next run"),
});

type RetentionRow = {
  retention_days: number | null;
  retention_max_bytes: string | null;
  updated_at: Date | null;
  updated_by: string | null;
};

type EstimateJson = {
  partitions: {
    name: string;
    range_start: string;
    range_end: string;
    bytes: string | number;
    reason: "days" | "size";
  }[];
  freed_bytes: string | number;
  cutoff: string | null;
  default_rows: string | number;
  total_bytes: string | number;
};

async function estimateFor(db: Db, retentionDays: number | null, retentionMaxBytes: number | null) {
  const [row] = await db.query<{ estimate: EstimateJson }>(
    "SELECT public.retention_estimate($1::integer, $2::bigint) AS estimate",
    [retentionDays, retentionMaxBytes],
  );
  const e = row.estimate;
  return {
    partitions: e.partitions.map((p) => ({
      name: p.name,
      range_start: iso(p.range_start) as string,
      range_end: iso(p.range_end) as string,
      bytes: num(p.bytes),
      reason: p.reason,
    })),
    freed_bytes: num(e.freed_bytes),
    cutoff: iso(e.cutoff),
    default_rows: num(e.default_rows),
    total_bytes: num(e.total_bytes),
  };
}

const toRetention = async (db: Db, row: RetentionRow, preview?: { days: number | null; max_bytes: number | null }) => {
  const savedBytes = row.retention_max_bytes === null ? null : num(row.retention_max_bytes);
  return {
    retention_days: row.retention_days,
    retention_max_bytes: savedBytes,
    updated_at: iso(row.updated_at),
    updated_by: row.updated_by,
    estimate: preview
      ? await estimateFor(db, preview.days, preview.max_bytes)
      : await estimateFor(db, row.retention_days, savedBytes),
  };
};

const SELECT_RETENTION =
  "SELECT retention_days, retention_max_bytes, retention_updated_at AS updated_at, retention_updated_by AS updated_by FROM public.settings_global WHERE id = 1";

export const getRetention = defineOperation({
  name: "get_retention",
  title: "Get the retention setting",
  description:
    "How long captures are kept (retention_days) and how much space they may take (retention_max_bytes); null means no limit. " +
    "Includes a dry-run estimate: the weekly partitions the next retention run drops and the space that frees. " +
    "Pass preview_days / preview_max_bytes to estimate a setting before saving it.",
  domain: "settings",
  input: z
    .object({
      preview_days: days.nullable().optional().describe("Estimate for this many days instead of the saved setting"),
      preview_max_bytes: maxBytes.nullable().optional().describe("Estimate for this size cap instead of the saved one"),
    })
    .strict(),
  output: retention,
  capabilities: [{ section: "settings", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { preview_days: 30 },
  async handler(input, { db }) {
    const [row] = await db.query<RetentionRow>(SELECT_RETENTION);
    if (!row) throw new AppError("FORBIDDEN", "Your role cannot read the settings.");
    const previewing = input.preview_days !== undefined || input.preview_max_bytes !== undefined;
    const preview = previewing
      ? {
          days: input.preview_days === undefined ? row.retention_days : input.preview_days,
          max_bytes:
            input.preview_max_bytes === undefined
              ? row.retention_max_bytes === null
                ? null
                : num(row.retention_max_bytes)
              : input.preview_max_bytes,
        }
      : undefined;
    return toRetention(db, row, preview);
  },
});

export const updateRetention = defineOperation({
  name: "update_retention",
  title: "Change the retention setting",
  description:
    "Sets how long captures are kept (retention_days, 1–36500) and/or the most space they may take (retention_max_bytes, at least 16 MiB); " +
    "null removes that limit, an omitted key keeps it. Enforced by the hourly retention run, which drops whole weeks of captures (the " +
    "current week is always kept) and trims older ones: deleted captures cannot be recovered. Needs a fleet role. " +
    "Call get_retention with preview_* first to see what would go.",
  domain: "settings",
  input: z
    .object({
      retention_days: days.nullable().optional().describe("Keep captures this many days; null: no age limit"),
      retention_max_bytes: maxBytes
        .nullable()
        .optional()
        .describe("Keep captures within this many bytes; null: no cap"),
      expected_updated_at: expectedUpdatedAt,
    })
    .strict()
    .refine((v) => v.retention_days !== undefined || v.retention_max_bytes !== undefined, {
      message: "Give retention_days or retention_max_bytes (null removes a limit).",
      path: ["retention_days"],
    }),
  output: retention,
  capabilities: [{ section: "settings", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { retention_days: 30, retention_max_bytes: 10 * 1024 ** 3 },
  async handler(input, { db, role }) {
    const [current] = await db.query<RetentionRow>(`${SELECT_RETENTION} FOR UPDATE`);
    if (!current || role.role?.scope !== "fleet") {
      throw new AppError(
        "FORBIDDEN",
        "Retention removes every device's captures, so changing it needs a role with fleet scope.",
        "Ask an admin to change it.",
      );
    }
    if (current.updated_at) assertUnchanged("The retention setting", current.updated_at, input.expected_updated_at);
    const [row] = await db.query<RetentionRow>(
      `UPDATE public.settings_global SET
         retention_days = CASE WHEN $1 THEN $2::integer ELSE retention_days END,
         retention_max_bytes = CASE WHEN $3 THEN $4::bigint ELSE retention_max_bytes END,
         retention_updated_by = auth.uid(),
         retention_updated_at = greatest(now(), coalesce(retention_updated_at, now()) + interval '1 millisecond')
       WHERE id = 1 RETURNING retention_days, retention_max_bytes, retention_updated_at AS updated_at, retention_updated_by AS updated_by`,
      [
        input.retention_days !== undefined,
        input.retention_days ?? null,
        input.retention_max_bytes !== undefined,
        input.retention_max_bytes ?? null,
      ],
    );
    if (!row) throw new AppError("FORBIDDEN", "Your role may not change the global settings.");
    return toRetention(db, row);
  },
});
