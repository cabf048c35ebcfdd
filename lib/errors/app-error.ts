import type { ZodError } from "zod";

/**
 * The one error vocabulary of every Busymate surface. A code implies its HTTP status; app
 * routes answer `{"error":{code,message,remediation?,field?}}`, MCP answers an `isError`
 * result with the same object, BusyBro hands it to the model as a tool result, and the
 * dashboard's operation client throws it back as it came. Messages are written for the
 * caller and never carry another tenant's data. Isomorphic: the browser imports it too.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  INSUFFICIENT_SCOPE: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RESULT_TOO_LARGE: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);

export interface ErrorObject {
  code: ErrorCode;
  message: string;
  remediation?: string;
  /** The input field at fault (VALIDATION_FAILED), as a dotted path. */
  field?: string;
}

export interface ErrorBody {
  error: ErrorObject;
}

export interface AppErrorOptions {
  field?: string;
  /** Response headers the error needs (WWW-Authenticate, Retry-After). */
  headers?: HeadersInit;
}

export class AppError extends Error {
  readonly field?: string;
  readonly headers?: HeadersInit;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly remediation?: string,
    options: AppErrorOptions = {},
  ) {
    super(message);
    this.name = "AppError";
    this.field = options.field;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON(): ErrorObject {
    return {
      code: this.code,
      message: this.message,
      ...(this.remediation ? { remediation: this.remediation } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }

  /** An error object received over the wire (a route's body, an MCP result) as an AppError again. */
  static from(object: unknown): AppError | undefined {
    const value = (object as { error?: unknown } | null)?.error ?? object;
    if (!value || typeof value !== "object") return undefined;
    const { code, message, remediation, field } = value as Record<string, unknown>;
    if (!isErrorCode(code) || typeof message !== "string") return undefined;
    return new AppError(code, message, typeof remediation === "string" ? remediation : undefined, {
      field: typeof field === "string" ? field : undefined,
    });
  }
}

export const notFound = (what: string, remediation = "Check the id; list the items first to find it.") =>
  new AppError("NOT_FOUND", `${what} was not found among what you may see.`, remediation);

export const invalid = (field: string, message: string, remediation = "Fix the named field and call again.") =>
  new AppError("VALIDATION_FAILED", `${field}: ${message}`, remediation, { field });

/** The first problem of a zod error, naming its field (or the unknown key). */
export function fromZodError(error: ZodError, remediation?: string): AppError {
  const issue = error.issues[0];
  const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  const path = issue?.path.map(String).join(".") ?? "";
  const field = path || keys.join(", ") || "input";
  const extra =
    error.issues.length > 1
      ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})`
      : "";
  return invalid(field, `${issue?.message ?? "invalid"}${extra}`, remediation);
}
