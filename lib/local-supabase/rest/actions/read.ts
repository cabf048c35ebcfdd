import { invalidRange, RestError, singularityError, tableNotFound } from "../errors";
import { buildReadPlan } from "../plan/read-plan";
import type { ReadNode } from "../plan/types";
import { contentType, negotiate, type ResponseMedia } from "../request/media";
import { appliedHeader, type Preferences } from "../request/preferences";
import { contentRange, rangeStatus, type RowRange } from "../request/range";
import { closest } from "../schema-cache/similarity";
import type { SchemaCache, Table } from "../schema-cache/types";
import { Params, qualified } from "../sql/params";
import { explainCountSql, mainReadSql, type MainRow } from "../sql/statements";
import type { RestResponse } from "../response";
import type { Row, Statement } from "../sql/pipeline";
import { execute, profileHeaders, schemaSqlFor, textValues, type ApiRequest, type Services } from "./context";

/** GET and HEAD on a table or view. */

export function findTable(cache: SchemaCache, name: string): Table | RestError {
  const table = cache.tables.get(name);
  if (table) return table;
  return tableNotFound(cache.schema, name, closest(name, cache.tables.keys(), 0.75));
}

/** The planner's row estimate for `count=planned` (and `estimated` past `db-max-rows`). */
export function plannedCountStatement(root: ReadNode, cache: SchemaCache): Statement {
  const params = new Params();
  const text = explainCountSql(root, params, schemaSqlFor(cache));
  return { text, values: textValues(params.values) };
}

export function plannedCount(rows: Row[] | undefined): number | null {
  const plan = rows?.[0]?.["QUERY PLAN"] as { Plan?: { "Plan Rows"?: number } }[] | undefined;
  const estimate = plan?.[0]?.Plan?.["Plan Rows"];
  return typeof estimate === "number" ? estimate : null;
}

/** The total to report for the count preference, from the exact count and the estimate. */
export function reportedTotal(
  prefs: Preferences,
  exact: number | null,
  planned: number | null,
  maxRows: number | null,
): number | null {
  if (prefs.count === "planned") return planned;
  if (prefs.count === "estimated" && exact !== null && maxRows !== null && exact > maxRows && planned !== null)
    return Math.max(exact, planned);
  return exact;
}

/** Status, `Content-Range` and the body of a read (a 416 answers the range error). */
export function rangedResponse(
  range: RowRange,
  pageTotal: number,
  total: number | null,
  body: string,
  headers: Record<string, string>,
): RestResponse {
  const status = rangeStatus(range.lower, pageTotal, total);
  const responseHeaders = {
    "Content-Range": contentRange(range.lower, range.lower + pageTotal - 1, total),
    ...headers,
  };
  if (status === 416) {
    const error = invalidRange(`An offset of ${range.lower} was requested, but there are only ${total ?? 0} rows.`);
    return { status, headers: responseHeaders, body: JSON.stringify(error.body()) };
  }
  return { status, headers: responseHeaders, body };
}

export async function runRead(services: Services, request: ApiRequest): Promise<RestResponse | RestError> {
  const { cache, config } = services;
  const table = findTable(cache, request.target);
  if (table instanceof RestError) return table;
  const tableSql = qualified(cache.schema, table.name);
  const root = buildReadPlan({
    cache,
    root: { sql: tableSql, qualifier: tableSql, displayName: table.name, table: table.name, columns: table.columns },
    rootName: table.name,
    query: { ...request.query, ranges: new Map([...request.query.ranges, ["", request.topRange]]) },
    action: "read",
    maxRows: config.maxRows,
  });
  if (root instanceof RestError) return root;
  const media = negotiate(request.accept);
  if (media instanceof RestError) return media;
  const headOnly = request.method === "HEAD";
  const params = new Params();
  const sql = mainReadSql(
    root,
    request.prefs,
    config.maxRows,
    headOnly ? { kind: "none" } : media,
    params,
    schemaSqlFor(cache),
  );

  const wantsEstimate = request.prefs.count === "planned" || request.prefs.count === "estimated";
  const statements: Statement[] = [{ text: sql, values: textValues(params.values), prepare: true }];
  if (wantsEstimate) statements.push(plannedCountStatement(root, cache));
  // A read changes nothing, so it commits in the same round trip whatever it finds.
  const results = await execute(services, request, { readOnly: true }, statements, "commit");
  if (results instanceof RestError) return results;
  const row = results[0][0] as unknown as MainRow;
  const pageTotal = Number(row.page_total);
  if (media.kind === "single" && pageTotal !== 1) return singularityError(pageTotal);
  const exact = row.total_result_set === null ? null : Number(row.total_result_set);
  const total = reportedTotal(request.prefs, exact, wantsEstimate ? plannedCount(results[1]) : null, config.maxRows);
  const query = request.query.canonical;
  return withMediaHeaders(
    rangedResponse(request.topRange, pageTotal, total, headOnly ? "" : (row.body ?? ""), {
      "Content-Location": `/${table.name}${query ? `?${query}` : ""}`,
      ...preferenceHeader({
        count: request.prefs.count,
        handling: request.prefs.handling,
        timezone: request.prefs.timezone,
      }),
      ...profileHeaders(request, cache.schema),
    }),
    media,
    row,
  );
}

export function preferenceHeader(prefs: Partial<Preferences>): Record<string, string> {
  const applied = appliedHeader(prefs);
  return applied ? { "Preference-Applied": applied } : {};
}

/** Adds the content type, and carries the SQL-set response settings for `applyResponseSettings`. */
export function withMediaHeaders(
  response: RestResponse,
  media: ResponseMedia,
  row: Pick<MainRow, "response_headers" | "response_status">,
): RestResponse {
  return { ...response, headers: { ...response.headers, "Content-Type": contentType(media) }, guc: row };
}
