import type { DatabaseError } from "pg";
import type { ZodError } from "zod";

/**
 * Business errors of operations, typed so every adapter can present them: MCP turns them into
 * `isError` results (INSUFFICIENT_SCOPE into the 403 step-up challenge), BusyBro into tool
 * results the model can act on, HTTP routes into the app's error shape. Messages are written
 * for the caller and never carry another tenant's data.
 */
export const OPERATION_ERROR_CODES = [
  "VALIDATION_FAILED",
  "NOT_FOUND",
  "FORBIDDEN",
  "INSUFFICIENT_SCOPE",
  "CONFLICT",
  "RATE_LIMITED",
  "RESULT_TOO_LARGE",
  "INTERNAL_ERROR",
] as const;
export type OperationErrorCode = (typeof OPERATION_ERROR_CODES)[number];

export class OperationError extends Error {
  constructor(
    readonly code: OperationErrorCode,
    message: string,
    readonly remediation?: string,
    /** The input field at fault (VALIDATION_FAILED), as a dotted path. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "OperationError";
  }

  toJSON() {
    return {
      code: this.code,
      message: this.message,
      ...(this.remediation ? { remediation: this.remediation } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

export const notFound = (what: string, remediation = "Check the id; list the items first to find it.") =>
  new OperationError("NOT_FOUND", `${what} was not found among what you may see.`, remediation);

export const invalid = (field: string, message: string, remediation = "Fix the named field and call again.") =>
  new OperationError("VALIDATION_FAILED", `${field}: ${message}`, remediation, field);

/** The first problem of a zod error, naming its field (or the unknown key). */
export function fromZodError(error: ZodError): OperationError {
  const issue = error.issues[0];
  const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  const path = issue?.path.map(String).join(".") ?? "";
  const field = path || keys.join(", ") || "input";
  const extra =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})`
      : "";
  return invalid(field, `${issue?.message ?? "invalid"}${extra}`);
}

const isDatabaseError = (error: unknown): error is DatabaseError =>
  typeof error === "object" &&
  error !== null &&
  typeof (error as { code?: unknown }).code === "string" &&
  (error as { code: string }).code.length === 5 &&
  "severity" in error;

/**
 * A PostgreSQL error raised by a policy, constraint or guard → the business error it means.
 * Messages from our own guards (RAISE … in the migrations) are written for people and kept.
 */
export function fromDatabaseError(error: unknown): OperationError | undefined {
  if (!isDatabaseError(error)) return undefined;
  const hint = error.hint || undefined;
  switch (error.code) {
    case "42501": {
      const rls = /row-level security|permission denied/i.test(error.message);
      return new OperationError(
        "FORBIDDEN",
        rls ? "Your role, the row's owner or your token's scope does not allow this change." : error.message,
        hint ?? (rls ? "Act on rows in your own scope, or ask an admin for the capability." : undefined),
      );
    }
    case "P0002":
      return new OperationError("NOT_FOUND", error.message, hint ?? "Check the id; list the items first to find it.");
    case "23505":
      return new OperationError(
        "CONFLICT",
        `That already exists (${error.constraint ?? "unique"}).`,
        "Pick another name, or use the existing one.",
      );
    case "55000":
      return new OperationError("CONFLICT", error.message, hint);
    case "23503":
      return new OperationError(
        "CONFLICT",
        `Something still refers to this, or it refers to something missing (${error.constraint ?? "foreign key"}).`,
        hint ?? "Remove what refers to it first, or check the ids you passed.",
      );
    case "23514":
      return error.constraint === "service_group_agents_one_primary"
        ? new OperationError("CONFLICT", error.message, hint)
        : new OperationError(
            "VALIDATION_FAILED",
            `A value breaks the rule ${error.constraint ?? "check"}.`,
            hint ?? "Fix the value and call again.",
            error.column,
          );
    case "23502":
      return new OperationError(
        "VALIDATION_FAILED",
        `${error.column ?? "A field"} is required.`,
        "Pass a value for it.",
        error.column,
      );
    case "22P02":
    case "22003":
    case "22023":
    case "22007":
    case "22001":
      return new OperationError("VALIDATION_FAILED", error.message, "Fix the value and call again.");
    case "57014":
      return new OperationError(
        "CONFLICT",
        "The query ran too long and was cancelled.",
        "Narrow it: add a filter or a smaller limit.",
      );
    default:
      return undefined;
  }
}

/** Anything thrown by an operation → an OperationError; the unexpected becomes INTERNAL_ERROR. */
export function toOperationError(error: unknown): OperationError {
  if (error instanceof OperationError) return error;
  const fromDb = fromDatabaseError(error);
  if (fromDb) return fromDb;
  console.error("[busymate] unexpected error in an operation", error);
  return new OperationError(
    "INTERNAL_ERROR",
    "Something went wrong on our side.",
    "Try again; if it keeps failing, check the server log.",
  );
}
