import { maxAffectedViolation, RestError, singularityError } from "../errors";
import { buildReadPlan } from "../plan/read-plan";
import { negotiate } from "../request/media";
import { findRoutine, takesWholeBody } from "../rpc/find-routine";
import { callSql, type CallArguments } from "../sql/call";
import { ident, Params } from "../sql/params";
import { mainCallSql, type MainRow } from "../sql/statements";
import type { RestResponse } from "../response";
import type { Row } from "../sql/pipeline";
import { execute, profileHeaders, schemaSqlFor, textValues, type ApiRequest, type Services } from "./context";
import { preferenceHeader, rangedResponse, withMediaHeaders } from "./read";

/**
 * `/rpc/<function>`: GET and HEAD take the arguments from the query string and run read
 * only; POST takes named arguments from the JSON body and runs read only unless the function
 * is VOLATILE. The result is read like a table: filtered, ordered, ranged, embedded.
 */

function callArguments(request: ApiRequest): { keys: Set<string>; args: CallArguments } {
  if (request.method === "GET" || request.method === "HEAD") {
    // A repeated argument keeps its last value, as PostgREST's HashMap does.
    const values = new Map(request.query.rpcArgs);
    return { keys: new Set(values.keys()), args: { kind: "direct", values } };
  }
  const payload = request.payload;
  if (!payload) return { keys: new Set(), args: { kind: "json", json: "{}", isObject: true } };
  if (payload.form) return { keys: new Set(payload.form.keys()), args: { kind: "direct", values: payload.form } };
  return { keys: new Set(payload.keys), args: { kind: "json", json: payload.json, isObject: payload.isObject } };
}

/**
 * A function whose one parameter is unnamed is called positionally with the whole body
 * (PostgREST's `OnePosParam`), however it was chosen; arguments from a query string or a
 * form go as their JSON object.
 */
function wholeBody(request: ApiRequest, args: CallArguments): { value: string; bytes: boolean } {
  if (args.kind === "direct") return { value: JSON.stringify(Object.fromEntries(args.values)), bytes: false };
  const payload = request.payload;
  return { value: payload?.raw ?? "{}", bytes: payload?.mediaType === "application/octet-stream" };
}

export async function runCall(services: Services, request: ApiRequest): Promise<RestResponse | RestError> {
  const { cache, config } = services;
  const isRead = request.method === "GET" || request.method === "HEAD";
  const { keys, args } = callArguments(request);
  const mediaType = isRead ? undefined : (request.payload?.mediaType ?? "application/json");
  const routine = findRoutine(cache, request.target, keys, mediaType);
  if (routine instanceof RestError) return routine;
  const callArgs: CallArguments = takesWholeBody(routine) ? { kind: "whole-body", ...wholeBody(request, args) } : args;
  const given = routine.params.filter((param) => keys.has(param.name));

  const returnTable = routine.returns.table ? cache.tables.get(routine.returns.table) : undefined;
  const alias = routine.returns.table ?? routine.name;
  const root = buildReadPlan({
    cache,
    root: {
      sql: "pgrst_source",
      alias,
      qualifier: ident(alias),
      displayName: alias,
      table: routine.returns.table,
      columns: returnTable?.columns ?? routine.returns.columns,
    },
    rootName: alias,
    query: { ...request.query, ranges: new Map([...request.query.ranges, ["", request.topRange]]) },
    action: "call",
    maxRows: config.maxRows,
  });
  if (root instanceof RestError) return root;
  const media = negotiate(request.accept);
  if (media instanceof RestError) return media;

  const headOnly = request.method === "HEAD";
  const params = new Params();
  const call = callSql(routine, given, callArgs, params);
  const sql = mainCallSql(
    routine,
    call,
    root,
    request.prefs,
    headOnly ? { kind: "none" } : media,
    params,
    schemaSqlFor(cache),
  );
  const readOnly = isRead || routine.volatility !== "volatile";

  const failure = (row: MainRow): RestError | undefined => {
    const pageTotal = Number(row.page_total);
    if (media.kind === "single" && pageTotal !== 1) return singularityError(pageTotal);
    const { handling, maxAffected } = request.prefs;
    if (handling === "strict" && maxAffected !== undefined && pageTotal > maxAffected)
      return maxAffectedViolation(pageTotal);
    return undefined;
  };
  const statements = [{ text: sql, values: textValues(params.values), prepare: true }];
  // A read-only call changes nothing and commits in the same round trip; a VOLATILE one
  // is rolled back when its response is refused.
  const finish = readOnly ? "commit" : (results: Row[][]) => !failure(results[0][0] as unknown as MainRow);
  const results = await execute(
    services,
    request,
    { readOnly, functionSettings: routine.settings },
    statements,
    finish,
  );
  if (results instanceof RestError) return results;
  const row = results[0][0] as unknown as MainRow;
  const refused = failure(row);
  if (refused) return refused;
  const pageTotal = Number(row.page_total);
  const total = row.total_result_set === null ? null : Number(row.total_result_set);
  const headers = {
    ...preferenceHeader({
      count: request.prefs.count,
      handling: request.prefs.handling,
      timezone: request.prefs.timezone,
      maxAffected: request.prefs.maxAffected,
    }),
  };
  const ranged = rangedResponse(request.topRange, pageTotal, total, headOnly ? "" : (row.body ?? ""), headers);
  if (routine.returns.void)
    return {
      status: 204,
      headers: { "Content-Range": ranged.headers["Content-Range"], ...headers },
      body: "",
      guc: row,
    };
  return withMediaHeaders(
    { ...ranged, headers: { ...ranged.headers, ...profileHeaders(request, cache.schema) } },
    media,
    row,
  );
}
