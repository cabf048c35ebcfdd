import { z } from "zod";
import { isoRequired } from "../fields";
import { cursorField, decodeCursor, limitField, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";

const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor_user_id: z.string().nullable(),
  actor_role: z
    .string()
    .nullable()
    .describe(
      "The database role the write ran as: authenticated (a person), device, service_role or the owner (workers)",
    ),
  client_id: z
    .string()
    .nullable()
    .describe("The OAuth client that made the change (an MCP client, BusyBro, the dashboard)"),
  action: z.enum(["insert", "update", "delete"]),
  target_table: z.string(),
  target_id: z.string(),
  changed: z.array(z.string()).describe("Columns whose value changed (all columns for insert/delete)"),
  before: z.record(z.string(), z.unknown()).nullable().optional(),
  after: z.record(z.string(), z.unknown()).nullable().optional(),
});

interface AuditRow {
  id: string;
  at: Date;
  actor_user_id: string | null;
  actor_role: string | null;
  client_id: string | null;
  action: "insert" | "update" | "delete";
  target_table: string;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

function changedKeys(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])).sort();
}

export const getAuditLog = defineOperation({
  name: "get_audit_log",
  title: "Audit log",
  description:
    "Who changed what, newest first: every write a person or a tool made (devices, tags, workspaces, service groups, agents, settings, " +
    "breakpoint resolutions, roles and role assignments, BusyBro conversations), with the person and the OAuth client that made each. " +
    "Captures and heartbeats are not audited. Filter by table, actor and time (since/until). Lists changed columns; include_rows=true " +
    "adds the rows before and after (secrets redacted, bodies omitted). Paginated by next_cursor.",
  domain: "admin",
  input: z
    .object({
      target_table: z
        .string()
        .trim()
        .min(1)
        .max(63)
        .optional()
        .describe("e.g. devices, tags, workspaces, roles, role_capabilities, user_roles, settings_global"),
      actor_user_id: z.uuid().optional(),
      since: z.iso.datetime({ offset: true }).optional().describe("Only changes at or after this time (ISO 8601)"),
      until: z.iso.datetime({ offset: true }).optional().describe("Only changes before this time (ISO 8601)"),
      include_rows: z.boolean().default(false),
      limit: limitField(),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(auditEntry),
  capabilities: [
    { section: "roles", action: "view" },
    { section: "users", action: "view" },
  ],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { target_table: "user_roles", limit: 20 },
  async handler(input, { db }) {
    const before =
      decodeCursor("get_audit_log", input.cursor, z.object({ before_id: z.number().int() }))?.before_id ?? null;
    const rows = await db.query<AuditRow>(
      `SELECT id, at, actor_user_id, actor_role, client_id, action, target_table, target_id, before, after FROM public.audit_log
       WHERE ($1::text IS NULL OR target_table = $1) AND ($2::uuid IS NULL OR actor_user_id = $2) AND ($3::bigint IS NULL OR id < $3)
         AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
       ORDER BY id DESC LIMIT $4`,
      [
        input.target_table ?? null,
        input.actor_user_id ?? null,
        before,
        input.limit + 1,
        input.since ?? null,
        input.until ?? null,
      ],
    );
    return toPage(
      "get_audit_log",
      rows,
      input.limit,
      (row) => ({
        id: Number(row.id),
        at: isoRequired(row.at),
        actor_user_id: row.actor_user_id,
        actor_role: row.actor_role,
        client_id: row.client_id,
        action: row.action,
        target_table: row.target_table,
        target_id: row.target_id,
        changed: changedKeys(row.before, row.after),
        ...(input.include_rows ? { before: row.before, after: row.after } : {}),
      }),
      (last) => ({ before_id: Number(last.id) }),
    );
  },
});
