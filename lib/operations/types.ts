import type { z } from "zod";
import { SCOPE_READ, SCOPE_WRITE, type BusymateScope } from "@/lib/auth/token-model";
import type { Claims } from "@/lib/db/with-claims";

/**
 * The shape of an operation: one dashboard read or write, defined once and adapted by MCP
 * (lib/mcp) and BusyBro. A handler sees only `ctx.db`, a query function bound to the caller's
 * transaction (lib/db/with-claims.ts), so row-level security and has_capability decide what
 * it may read or change; the registry's own capability check is there to answer early and
 * clearly, never as the only gate.
 */

/** The capability sections of `role_capabilities.section` (0001_roles_capabilities.sql). */
export const SECTIONS = [
  "devices",
  "entries",
  "workspaces",
  "settings",
  "services",
  "agents",
  "tags",
  "breakpoints",
  "users",
  "roles",
  "stats",
  "status",
  "busybro",
] as const;
export type Section = (typeof SECTIONS)[number];
export type Action = "view" | "edit";

export interface Capability {
  section: Section;
  action: Action;
}

export { SCOPE_READ, SCOPE_WRITE };
export type Scope = BusymateScope;

/** Who is calling: a person's verified token, as claims for the database plus its scopes. */
export interface Caller {
  /** role "authenticated", sub = the person's uuid; passed to the database as they are. */
  claims: Claims;
  scopes: ReadonlySet<Scope>;
  /** The OAuth client acting for the person (an MCP client, BusyBro, the dashboard). */
  clientId?: string;
}

/** The caller's role as the database has it right now (never taken from the token). */
export interface CallerRole {
  userId: string;
  role: { id: string; slug: string; name: string; scope: "own" | "fleet" } | null;
  /** "section:action" for every capability the role grants, `view` implied by `edit`. */
  capabilities: ReadonlySet<string>;
}

/** Queries inside the caller's transaction. Rows come back as pg returns them. */
export interface Db {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface OperationContext {
  caller: Caller;
  role: CallerRole;
  db: Db;
}

/** The domains operations are grouped by (docs, MCP tool groups). */
export type Domain =
  | "account"
  | "monitoring"
  | "devices"
  | "entries"
  | "workspaces"
  | "services"
  | "agents"
  | "tags"
  | "settings"
  | "breakpoints"
  | "busybro"
  | "admin";

export interface Operation<
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodObject = z.ZodObject,
  Name extends string = string,
> {
  /** snake_case; the MCP tool name and the dashboard route's last segment. */
  name: Name;
  /** Short, human: shown in tool pickers and approval prompts. */
  title: string;
  /** Written for a model: what it does, when to use it, what it returns, how to get more. */
  description: string;
  domain: Domain;
  input: Input;
  output: Output;
  /** Every capability the caller's role must grant; empty = any signed-in person. */
  capabilities: readonly Capability[];
  readOnly: boolean;
  /**
   * Only meaningful for writes (MCP destructiveHint). false promises ADDITIVE updates only
   * (create, add, tag, pin); anything that overwrites, replaces or removes existing data (every
   * update_*, a list replaced whole, a previous value or primary taken away) is true, so a
   * client asks before running it.
   */
  destructive: boolean;
  /** Calling it again with the same input changes nothing more (a repeat refused as NOT_FOUND or CONFLICT counts). */
  idempotent: boolean;
  /** A realistic input, for docs and examples. */
  example: z.input<Input>;
  handler(input: z.output<Input>, ctx: OperationContext): Promise<z.input<Output>>;
}

/** An operation of any input and output, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

/** Keeps the input and output types of a definition tied to its handler. */
export function defineOperation<Input extends z.ZodObject, Output extends z.ZodObject, const Name extends string>(
  operation: Operation<Input, Output, Name>,
): Operation<Input, Output, Name> {
  if (operation.readOnly && operation.destructive)
    throw new Error(`${operation.name}: a read-only operation cannot be destructive.`);
  return operation;
}

export const capabilityName = (capability: Capability) => `${capability.section}:${capability.action}`;
