import type { AnyOperation } from "@/lib/operations/types";

/**
 * Operations BusyBro is never given, whoever asks: deletions, role and permission changes and
 * the global settings every device receives. People do those in the dashboard, agents over MCP.
 */
const NEVER = new Set(["create_role", "update_role", "delete_role", "assign_role", "update_global_settings"]);

export function offeredToBusybro(operation: AnyOperation): boolean {
  return !operation.name.startsWith("delete_") && !NEVER.has(operation.name);
}

/** A write naming a device (device_uuid) may act only on a device the asker owns, even with a fleet role. */
export const deviceOf = (input: unknown): string | undefined => {
  const uuid = (input as { device_uuid?: unknown } | null)?.device_uuid;
  return typeof uuid === "string" ? uuid : undefined;
};
