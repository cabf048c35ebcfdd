import { maxAffectedViolation, RestError, singularityError } from "../errors";
import { buildReadPlan } from "../plan/read-plan";
import { negotiate } from "../request/media";
import { findRoutine } from "../rpc/find-routine";
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
  const payload = request.payload ?? { json: "{}", isObject: true, keys: [] };
  if (payload.form) return { keys: new Set(payload.form.keys()), args: { kind: "direct", values: payload.form } };
  return { keys: new Set(payload.keys), args: { kind: "json", json: payload.json, isObject: payload.isObject } };
}

export async function runCall(services: Services, request: ApiRequest): Promise<RestResponse | RestError> {
  const { cache, config } = services;
  const isRead = request.method === "GET" || request.method === "HEAD";
  const { keys, args } = callArguments(request);
  const routine = findRoutine(cache, request.target, keys, !isRead);
  if (routine instanceof RestError) return routine;
  const wholeBody =
    args.kind === "json" && routine.params.length === 1 && routine.params[0].name === "" && !keys.has("");
  const callArgs: CallArguments = wholeBody && args.kind === "json" ? { kind: "whole-body", json: args.json } : args;
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
