import { ZodError } from "zod";

/**
 * The app's error vocabulary. Every app route answers failures as
 * `{"error":{"code","message","remediation"?}}` with the status its code implies.
 * (OAuth endpoints use RFC 6749 errors and REST keeps PostgREST's shape instead.)
 */
export const errorStatus = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; remediation?: string };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly remediation?: string,
    readonly headers?: HeadersInit,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function errorResponse(code: ErrorCode, message: string, remediation?: string, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, ...(remediation ? { remediation } : {}) } };
  return Response.json(body, { status: errorStatus[code], headers });
}

/** Turns anything thrown inside a route into the error shape; only the unexpected is a 500. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return errorResponse(error.code, error.message, error.remediation, error.headers);
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join(".") || "request";
    return errorResponse(
      "VALIDATION_FAILED",
      `${field}: ${issue?.message ?? "invalid"}`,
      "Fix the named field and send the request again.",
    );
  }
  console.error("[busymate] unexpected error in a route", error);
  return errorResponse(
    "INTERNAL_ERROR",
    "Something went wrong on our side.",
    "Try again; if it keeps failing, check the server log.",
  );
}

/** Wraps a route handler so every failure leaves it in the error shape. */
export function withErrors<Args extends unknown[]>(handler: (...args: Args) => Promise<Response>) {
  return async (...args: Args): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}
