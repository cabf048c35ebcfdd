import { OPERATIONS, type AnyOperation } from "@/lib/operations";

/**
 * Narrowing the tool set from the server URL, as popular MCP servers allow (clients cap how many
 * tools they take, and a smaller set keeps a model's context lean):
 *   /mcp?groups=entries,devices   only those areas' tools
 *   /mcp?read_only=true           only tools that read (writes are neither listed nor callable)
 * Without parameters every tool the caller's role allows is offered. whoami always is. Unknown
 * group names are ignored rather than refused, so an old configuration keeps working.
 */
const DOMAINS: ReadonlySet<string> = new Set(OPERATIONS.map((operation) => operation.domain));

export type ToolSelection = (operation: AnyOperation) => boolean;

export function toolSelection(url: string): ToolSelection {
  const params = new URL(url).searchParams;
  const groups = new Set(
    (params.get("groups") ?? "")
      .split(",")
      .map((g) => g.trim().toLowerCase())
      .filter((g) => DOMAINS.has(g)),
  );
  const readOnly = ["1", "true", "yes"].includes((params.get("read_only") ?? "").toLowerCase());
  return (operation) =>
    operation.name === "whoami" ||
    ((groups.size === 0 || groups.has(operation.domain)) && (!readOnly || operation.readOnly));
}
