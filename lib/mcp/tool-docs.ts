import { z } from "zod";
import { capabilityName, OPERATIONS, type AnyOperation, type Capability, type Domain } from "@/lib/operations";

/**
 * The tool catalogue, generated from the operations registry so the docs can never drift from
 * what /mcp serves: docs/mcp-tools.md (scripts/mcp-tools-doc.ts) and the list in /llms.txt.
 */

const DOMAIN_TITLES: Record<Domain, string> = {
  account: "Account",
  monitoring: "Stats and status",
  devices: "Devices",
  entries: "Captures",
  workspaces: "Workspaces",
  services: "Service groups",
  agents: "BusyBro agents",
  tags: "Tags",
  settings: "Settings",
  breakpoints: "Breakpoints",
  busybro: "BusyBro conversations",
  admin: "People, roles and audit",
};

interface JsonProperty {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  items?: JsonProperty;
  anyOf?: JsonProperty[];
  default?: unknown;
  format?: string;
}

function typeOf(property: JsonProperty): string {
  if (property.enum) return property.enum.map((value) => JSON.stringify(value)).join(" \\| ");
  if (property.anyOf) return property.anyOf.map(typeOf).join(" or ");
  if (property.type === "array") return `${property.items ? typeOf(property.items) : "any"}[]`;
  const type = Array.isArray(property.type) ? property.type.join(" or ") : (property.type ?? "object");
  return property.format ? `${type} (${property.format})` : type;
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function inputTable(operation: AnyOperation): string {
  const schema = z.toJSONSchema(operation.input, { io: "input" }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const entries = Object.entries(schema.properties ?? {});
  if (entries.length === 0) return "No parameters.";
  const rows = entries.map(([name, property]) => {
    const required = schema.required?.includes(name) ? "yes" : "no";
    const said = /default/i.test(property.description ?? "");
    const fallback = property.default === undefined || said ? "" : ` Default: \`${JSON.stringify(property.default)}\`.`;
    return `| \`${name}\` | ${cell(typeOf(property))} | ${required} | ${cell(`${property.description ?? ""}${fallback}`.trim())} |`;
  });
  return ["| Parameter | Type | Required | Meaning |", "|---|---|---|---|", ...rows].join("\n");
}

export function kindOf(operation: AnyOperation): string {
  if (operation.readOnly) return "read";
  return operation.destructive ? "write, destructive" : "write";
}

function needs(operation: AnyOperation): string {
  const capabilities = operation.capabilities.map((c: Capability) => `\`${capabilityName(c)}\``);
  const scope = operation.readOnly ? "`busymate:read`" : "`busymate:write`";
  return capabilities.length > 0
    ? `${capabilities.join(" + ")}; token scope ${scope}`
    : `any signed-in person; token scope ${scope}`;
}

function section(operation: AnyOperation, id: number): string {
  const call = {
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: operation.name, arguments: operation.example },
  };
  return [
    `### \`${operation.name}\` — ${operation.title}`,
    "",
    `*${kindOf(operation)}${operation.idempotent ? ", idempotent" : ""}* · needs ${needs(operation)}`,
    "",
    operation.description,
    "",
    inputTable(operation),
    "",
    "```json",
    JSON.stringify(call),
    "```",
  ].join("\n");
}

export function toolsMarkdown(): string {
  const domains = [...new Set(OPERATIONS.map((op) => op.domain))];
  let id = 0;
  const body = domains.map((domain) =>
    [
      `## ${DOMAIN_TITLES[domain]}`,
      ...OPERATIONS.filter((op) => op.domain === domain).map((op) => section(op, ++id)),
    ].join("\n\n"),
  );
  return `${[
    "# MCP tools",
    "",
    "<!-- Generated from lib/operations by `npx tsx scripts/mcp-tools-doc.ts`; do not edit by hand. -->",
    "",
    "Busymate's MCP server at `/mcp` (Streamable HTTP; protocol 2026-07-28, and 2025-11-25 for older clients) offers every dashboard",
    "read and write as a tool. Connect any MCP client to `<your instance>/mcp`; it walks you through OAuth. Each call runs as you:",
    "row-level security and your role's capabilities decide what it sees and changes. `tools/list` shows only the tools your role",
    "may use. Tools that write need a token granted read-write access (`busymate:write`); with a read-only token they answer",
    "HTTP 403 `insufficient_scope`, so the client can ask you to grant more.",
    "",
    "Results carry `structuredContent` and the same JSON as text. Lists return `{items, next_cursor, truncated}`: pass",
    "`next_cursor` as `cursor` for the next page. Business errors are results with `isError: true` and the text",
    '`{"error":{"code","message","remediation"}}` (codes: VALIDATION_FAILED with `field`, NOT_FOUND, FORBIDDEN, CONFLICT,',
    "RATE_LIMITED, RESULT_TOO_LARGE). `get_entry` replaces credentials with named placeholders like `{{AUTHORIZATION}}` unless",
    "`redact` is false. Tool calls are limited to 600 a minute per person and client; beyond that a call answers RATE_LIMITED",
    "with the seconds to wait.",
    "",
    "To offer fewer tools (some clients cap how many they take), narrow the URL: `/mcp?groups=entries,devices` (areas as in the",
    "headings below: account, monitoring, devices, entries, workspaces, services, agents, tags, settings, breakpoints, admin) or",
    "`/mcp?read_only=true` (tools that only read). `whoami` is always offered.",
    "",
    `${OPERATIONS.length} tools, by area:`,
    "",
    "",
  ].join("\n")}${body.join("\n\n")}\n`;
}

/** One line per tool, for /llms.txt. */
export function toolsSummary(): string[] {
  return OPERATIONS.map((op) => `- ${op.name} (${kindOf(op)}): ${op.title}`);
}
