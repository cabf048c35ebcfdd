import { RestError } from "./errors";

/** The fields of a server error that node-postgres exposes (a `DatabaseError`). */
interface PgServerError {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

function isPgServerError(error: unknown): error is PgServerError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as PgServerError).code === "string" &&
    "severity" in error
  );
}

/**
 * PostgREST's `mapSQLtoHTTP`: the HTTP status for a SQLSTATE. `authed` is whether the request
 * ran as a role other than the anonymous one (42501 is 401 for anon, 403 for everyone else).
 */
export function statusForSqlState(code: string, message: string, authed: boolean): number {
  const exact: Record<string, number> = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "53400": 500,
    "57P01": 503,
    P0001: 400,
    "42P01": 404,
    "42P17": 500,
  };
  if (code in exact) return exact[code];
  if (code === "21000") return message.endsWith("requires a WHERE clause") ? 400 : 500;
  if (code === "22023") return message.startsWith("role") && message.endsWith("does not exist") ? 401 : 400;
  if (code === "42883") return message.startsWith("function xmlagg(") ? 406 : 404;
  if (code === "42501") return authed ? 403 : 401;
  if (code.startsWith("PT")) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  const byClass: Record<string, number> = {
    "08": 503,
    "09": 500,
    "0L": 403,
    "0P": 403,
    "25": 500,
    "28": 403,
    "2D": 500,
    "38": 500,
    "39": 500,
    "3B": 500,
    "40": 500,
    "53": 503,
    "54": 500,
    "55": 500,
    "57": 500,
    "58": 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  };
  return byClass[code.slice(0, 2)] ?? 400;
}

/** `RAISE SQLSTATE 'PGRST'`: message and detail are JSON giving the whole response. */
function raisedPgrstError(error: PgServerError): RestError {
  try {
    const message = JSON.parse(error.message) as { code: string; message: string; details?: string; hint?: string };
    if (!error.detail) throw new Error("no detail");
    const detail = JSON.parse(error.detail) as { status: number; headers: Record<string, string> };
    if (typeof message.code !== "string" || typeof message.message !== "string" || typeof detail.status !== "number")
      throw new Error("bad shape");
    return new RestError(
      detail.status,
      message.code,
      message.message,
      message.details ?? null,
      message.hint ?? null,
      detail.headers ?? {},
    );
  } catch {
    return new RestError(
      500,
      "PGRST121",
      `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`,
      "Invalid JSON value for MESSAGE or DETAIL",
    );
  }
}

/** The pool could not reach PostgreSQL: PostgREST's PGRST000 / PGRST003 (503 / 504). */
function connectionFailure(error: unknown): RestError | undefined {
  const message = error instanceof Error ? error.message : "";
  const code = (error as { code?: unknown } | null)?.code;
  if (/timeout exceeded when trying to connect/i.test(message))
    return new RestError(504, "PGRST003", "Timed out acquiring connection from connection pool.");
  if (
    (typeof code === "string" && /^E[A-Z]+$/.test(code)) ||
    /Connection terminated|Client has encountered a connection error/i.test(message)
  ) {
    return new RestError(503, "PGRST000", "Database connection error.", message || null);
  }
  return undefined;
}

/** A database error as PostgREST answers it; anything else that is not a lost connection is rethrown. */
export function fromDatabaseError(error: unknown, authed: boolean): RestError {
  if (error instanceof RestError) return error;
  if (!isPgServerError(error)) {
    const lost = connectionFailure(error);
    if (lost) return lost;
    throw error;
  }
  const code = error.code as string;
  if (code === "PGRST") return raisedPgrstError(error);
  const status = statusForSqlState(code, error.message, authed);
  // PostgREST adds the bare challenge to every 401 that comes from the database.
  const headers: Record<string, string> = status === 401 ? { "WWW-Authenticate": "Bearer" } : {};
  return new RestError(status, code, error.message, error.detail ?? null, error.hint ?? null, headers);
}
