import type { AnyOperation } from "@/lib/operations/types";

const TABLE_ROWS = 50;

/**
 * What a tool hands the chat panel besides the model's text: a repro as files to copy or
 * download, a list as a table. Built from the redacted result, so an artifact holds no
 * captured secret either.
 */
export function artifactOf(operation: AnyOperation, result: unknown): Record<string, unknown> | null {
  if (!result || typeof result !== "object") return null;
  const value = result as Record<string, unknown>;
  if (operation.name === "build_repro" && Array.isArray(value.files)) return { type: "repro", ...value };
  if (Array.isArray(value.items) && value.items.length > 0 && typeof value.items[0] === "object") {
    const rows = (value.items as Record<string, unknown>[]).slice(0, TABLE_ROWS);
    const columns = Object.keys(rows[0]).filter((key) => rows.some((row) => typeof row[key] !== "object"));
    return {
      type: "table",
      title: operation.title,
      columns,
      rows: rows.map((row) => columns.map((column) => row[column] ?? null)),
      truncated: value.items.length > TABLE_ROWS || value.truncated === true,
    };
  }
  return null;
}
