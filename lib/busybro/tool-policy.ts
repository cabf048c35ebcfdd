import type { AnyOperation } from "@/lib/operations/types";

/**
 * Operations BusyBro is never given, whoever asks: deletions, role and permission changes, the
 * global settings every device receives, and binding a chat account (a model must not hand
 * out a link code). People do those in the dashboard, agents over MCP.
 */
const NEVER = new Set([
  "create_role",
  "update_role",
  "delete_role",
  "assign_role",
  "update_global_settings",
  "start_telegram_link",
  "unlink_telegram",
]);

export function offeredToBusybro(operation: AnyOperation): boolean {
  return !operation.name.startsWith("delete_") && !NEVER.has(operation.name);
}

/** A write naming a device (device_uuid) may act only on a device the asker owns, even with a fleet role. */
export const deviceOf = (input: unknown): string | undefined => {
  const uuid = (input as { device_uuid?: unknown } | null)?.device_uuid;
  return typeof uuid === "string" ? uuid : undefined;
};
