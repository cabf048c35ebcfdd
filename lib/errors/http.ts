import "server-only";
import { AppError, type ErrorBody, type ErrorCode, ERROR_STATUS } from "./app-error";
import { toAppError } from "./database";

/** The app's error shape as a Response, with the status its code implies. */
export function errorResponse(code: ErrorCode, message: string, remediation?: string, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, ...(remediation ? { remediation } : {}) } };
  return Response.json(body, { status: ERROR_STATUS[code], headers });
}

/** Anything thrown inside a route → its error response; only the unexpected is a 500. */
export function toErrorResponse(error: unknown): Response {
  const typed = toAppError(error, "a route");
  const body: ErrorBody = { error: typed.toJSON() };
  return Response.json(body, { status: typed.status, headers: typed.headers });
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

/** 405 in the error shape, naming what the path does accept. */
export function methodNotAllowed(allowed: readonly string[]): Response {
  return errorResponse(
    "METHOD_NOT_ALLOWED",
    `This path accepts ${allowed.join(", ")}.`,
    `Send the request with ${allowed.length > 1 ? "one of these methods" : "that method"}.`,
    { Allow: allowed.join(", ") },
  );
}

export { AppError };
