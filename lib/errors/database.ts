import "server-only";
import type { DatabaseError } from "pg";
import { ZodError } from "zod";
import { AppError, fromZodError } from "./app-error";

const isDatabaseError = (error: unknown): error is DatabaseError =>
  typeof error === "object" &&
  error !== null &&
  typeof (error as { code?: unknown }).code === "string" &&
  (error as { code: string }).code.length === 5 &&
  "severity" in error;

/**
 * A PostgreSQL error raised by a policy, constraint or guard → the error it means for the
 * caller. Messages from our own guards (RAISE … in the migrations) are written for people
 * and kept; everything else is described without the database's wording.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (!isDatabaseError(error)) return undefined;
  const hint = error.hint || undefined;
  switch (error.code) {
    case "42501": {
      const rls = /row-level security|permission denied/i.test(error.message);
      return new AppError(
        "FORBIDDEN",
        rls ? "Your role, the row's owner or your token's scope does not allow this change." : error.message,
        hint ?? (rls ? "Act on rows in your own scope, or ask an admin for the capability." : undefined),
      );
    }
    case "PT401":
      return new AppError("UNAUTHORIZED", error.message, hint);
    case "P0002":
      return new AppError("NOT_FOUND", error.message, hint ?? "Check the id; list the items first to find it.");
    case "23505":
      return new AppError(
        "CONFLICT",
        `That already exists (${error.constraint ?? "unique"}).`,
        "Pick another name, or use the existing one.",
      );
    case "55000":
      return new AppError("CONFLICT", error.message, hint);
    case "23503":
      return new AppError(
        "CONFLICT",
        `Something still refers to this, or it refers to something missing (${error.constraint ?? "foreign key"}).`,
        hint ?? "Remove what refers to it first, or check the ids you passed.",
      );
    case "23514":
      return error.constraint === "service_group_agents_one_primary"
        ? new AppError("CONFLICT", error.message, hint)
        : new AppError(
            "VALIDATION_FAILED",
            `A value breaks the rule ${error.constraint ?? "check"}.`,
            hint ?? "Fix the value and call again.",
            { field: error.column },
          );
    case "23502":
      return new AppError("VALIDATION_FAILED", `${error.column ?? "A field"} is required.`, "Pass a value for it.", {
        field: error.column,
      });
    case "22P02":
    case "22P05":
    case "22021":
    case "22003":
    case "22023":
    case "22007":
    case "22001":
      return new AppError("VALIDATION_FAILED", error.message, "Fix the value and call again.");
    case "57014":
      return new AppError(
        "CONFLICT",
        "The query ran too long and was cancelled.",
        "Narrow it: add a filter or a smaller limit.",
      );
    default:
      return undefined;
  }
}

/** Anything thrown → an AppError; the unexpected is logged and becomes INTERNAL_ERROR, revealing nothing. */
export function toAppError(error: unknown, where = "a request"): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error, "Fix the named field and send the request again.");
  const fromDb = fromDatabaseError(error);
  if (fromDb) return fromDb;
  console.error(`[busymate] unexpected error in ${where}`, error);
  return new AppError(
    "INTERNAL_ERROR",
    "Something went wrong on our side.",
    "Try again; if it keeps failing, check the server log.",
  );
}
