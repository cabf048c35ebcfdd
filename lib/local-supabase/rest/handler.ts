import type { IncomingMessage, ServerResponse } from "node:http";
import type pg from "pg";
import type { ApiKeys } from "../keys";
import { runCall } from "./actions/call";
import type { ApiRequest, RestConfig } from "./actions/context";
import { runMutation } from "./actions/mutate";
import { runRead } from "./actions/read";
import { authenticate, refuseRole } from "./auth";
import {
  invalidPreferences,
  invalidRange,
  invalidResourcePath,
  invalidRpcMethod,
  RestError,
  unacceptableSchema,
  unsupportedMethod,
} from "./errors";
import type { JwtCache } from "./jwt-cache";
import { parseQueryString } from "./parse/query-string";
import { readPayload } from "./request/payload";
import { parsePreferences, type Preferences } from "./request/preferences";
import {
  ALL_ROWS,
  intersect,
  isAllRows,
  isEmptyRange,
  isLimitZero,
  parseRangeHeader,
  type RowRange,
} from "./request/range";
import { applyResponseSettings, sendError, sendResponse, type RestResponse } from "./response";
import type { SchemaCacheHolder } from "./schema-cache";

/**
 * One REST request, in PostgREST's order: authenticate, resolve the path, parse the query
 * string, ranges and body, then plan and run the action in one transaction.
 */
export interface RestDependencies {
  keys: ApiKeys;
  jwtCache: JwtCache;
  pool: pg.Pool;
  schemaCache: SchemaCacheHolder;
  config: RestConfig;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"]);

type Resource = { kind: "table"; name: string } | { kind: "rpc"; name: string };

function resource(path: string): Resource | RestError {
  let segments: string[];
  try {
    segments = path
      .split("/")
      .filter((segment) => segment !== "")
      .map(decodeURIComponent);
  } catch {
    return invalidResourcePath();
  }
  if (segments.length === 1) return { kind: "table", name: segments[0] };
  if (segments.length === 2 && segments[0] === "rpc") return { kind: "rpc", name: segments[1] };
  if (segments.length === 0) return new RestError(404, "PGRST126", "Root endpoint metadata is disabled");
  return invalidResourcePath();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** `request.headers` holds every header but Cookie; `request.cookies` the parsed cookies. */
function headersAndCookies(req: IncomingMessage): { headers: Record<string, string>; cookies: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(req.headers)) if (name !== "cookie") headers[name] = header(req, name) as string;
  const cookies: Record<string, string> = {};
  for (const part of (header(req, "cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0) cookies[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return { headers, cookies };
}

/** The top-level range from `limit`/`offset` and (GET only) `Range` (PostgREST's `getRanges`). */
function topLevelRange(method: string, req: IncomingMessage, limitRange: RowRange): RowRange | RestError {
  const headerRange = method === "GET" ? parseRangeHeader(header(req, "range")) : ALL_ROWS;
  const top = isLimitZero(limitRange) ? limitRange : intersect(headerRange, limitRange);
  if (isEmptyRange(top) && !isLimitZero(limitRange)) {
    return invalidRange(
      isEmptyRange(headerRange)
        ? "The lower boundary must be lower than or equal to the upper boundary in the Range header."
        : "Limit should be greater than or equal to zero.",
    );
  }
  if (method === "PUT" && !isAllRows(top))
    return new RestError(400, "PGRST114", "limit/offset querystring parameters are not allowed for PUT");
  return top;
}

async function process(
  deps: RestDependencies,
  req: IncomingMessage,
  path: string,
  url: URL,
): Promise<RestResponse | RestError> {
  const method = (req.method ?? "GET").toUpperCase();
  if (!METHODS.has(method)) return unsupportedMethod(method);
  const auth = await authenticate(deps.keys, deps.jwtCache, req);
  if (auth instanceof RestError) return auth;
  const target = resource(path);
  if (target instanceof RestError) return target;
  const writes = method !== "GET" && method !== "HEAD";
  const { schemas } = deps.config;
  const profile = header(req, writes ? "content-profile" : "accept-profile");
  if (profile !== undefined && !schemas.includes(profile)) return unacceptableSchema(profile, schemas);
  const cache = await deps.schemaCache.get(profile ?? schemas[0]);
  if (target.kind === "rpc" && !["GET", "HEAD", "POST"].includes(method)) return invalidRpcMethod(method);

  const isRpcRead = target.kind === "rpc" && !writes;
  const query = parseQueryString(url.search.slice(1), isRpcRead);
  if (query instanceof RestError) return query;
  const topRange = topLevelRange(method, req, query.ranges.get("") ?? ALL_ROWS);
  if (topRange instanceof RestError) return topRange;

  const needsBody =
    (target.kind === "table" && (method === "POST" || method === "PATCH" || method === "PUT")) ||
    (target.kind === "rpc" && method === "POST");
  const payload = needsBody
    ? await readPayload(req, deps.config.bodyLimit, { isCall: target.kind === "rpc", columns: query.columns })
    : undefined;
  if (payload instanceof RestError) return payload;

  const prefs: Preferences = parsePreferences(req.headers.prefer);
  if (prefs.handling === "strict" && prefs.invalid.length) return invalidPreferences(prefs.invalid);
  const refused = refuseRole(auth.role, cache.roles);
  if (refused) return refused;

  const request: ApiRequest = {
    method: method as ApiRequest["method"],
    target: target.name,
    query,
    prefs,
    accept: header(req, "accept"),
    topRange,
    payload,
    profileNegotiated: profile !== undefined || schemas.length > 1,
    auth,
    // What PostgREST sees behind the gateway, which strips the /rest/v1 prefix.
    path,
    ...headersAndCookies(req),
  };
  const services = { pool: deps.pool, cache, config: deps.config };
  if (target.kind === "rpc") return runCall(services, request);
  return writes ? runMutation(services, request) : runRead(services, request);
}

export async function handleRestRequest(
  deps: RestDependencies,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<void> {
  let outcome: RestResponse | RestError;
  try {
    outcome = await process(deps, req, path, url);
  } catch (error) {
    if (!(error instanceof RestError)) throw error;
    outcome = error;
  }
  const final = outcome instanceof RestError ? outcome : applyResponseSettings(outcome);
  if (final instanceof RestError) sendError(res, final);
  else sendResponse(res, final);
}
