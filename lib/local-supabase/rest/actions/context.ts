import type pg from "pg";
import type { AuthResult } from "../auth";
import { RestError } from "../errors";
import type { QueryParams } from "../parse/query-string";
import { fromDatabaseError } from "../pg-errors";
import type { Payload } from "../request/payload";
import type { Preferences } from "../request/preferences";
import type { RowRange } from "../request/range";
import type { SchemaCache } from "../schema-cache/types";
import { qualified } from "../sql/params";
import type { Row, Statement } from "../sql/pipeline";
import { inTransaction, type Finish } from "../transaction";

/** Everything an action needs: the parsed request and the service's shared parts. */
export interface ApiRequest {
  method: "GET" | "HEAD" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** The table, view or function named by the path. */
  target: string;
  query: QueryParams;
  prefs: Preferences;
  accept: string | undefined;
  /** The rows asked for at the top level: `limit`/`offset` and, on GET, the `Range` header. */
  topRange: RowRange;
  payload?: Payload;
  /**
   * Whether the schema was negotiated by profile (`Accept-Profile` / `Content-Profile`), which
   * PostgREST also assumes whenever several schemas are exposed; answered with `Content-Profile`.
   */
  profileNegotiated: boolean;
  auth: AuthResult;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

export interface RestConfig {
  /** PostgREST's `db-schemas`: the schemas a profile header may pick, the first by default. */
  schemas: string[];
  /** Supabase's `db-max-rows` (the CLI's `max_rows = 1000`). */
  maxRows: number | null;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
}

export interface Services {
  pool: pg.Pool;
  cache: SchemaCache;
  config: RestConfig;
}

export const schemaSqlFor = (cache: SchemaCache) => (table: string) => qualified(cache.schema, table);

/** Headers every successful response carries: the schema, when it was negotiated by profile. */
export function profileHeaders(request: ApiRequest, schema: string): Record<string, string> {
  return request.profileNegotiated ? { "Content-Profile": schema } : {};
}

/**
 * Runs the statements in the request's transaction; database errors become PostgREST's
 * responses (42501 is 401 for anon, 403 for any other role).
 */
export async function execute(
  services: Services,
  request: ApiRequest,
  options: { readOnly: boolean; functionSettings?: [string, string][] },
  statements: Statement[],
  finish: Finish,
): Promise<Row[][] | RestError> {
  try {
    return await inTransaction(
      services.pool,
      {
        schema: services.cache.schema,
        role: request.auth.role,
        claims: request.auth.claims,
        method: request.method,
        path: request.path,
        headers: request.headers,
        cookies: request.cookies,
        readOnly: options.readOnly,
        roleSettings: services.cache.roleSettings.get(request.auth.role) ?? [],
        functionSettings: options.functionSettings ?? [],
        timezone: request.prefs.timezone,
        preRequest: services.cache.roleSettings
          .get("authenticator")
          ?.find(([name]) => name === "pgrst.db_pre_request")?.[1],
      },
      statements,
      finish,
    );
  } catch (error) {
    if (error instanceof RestError) return error;
    return fromDatabaseError(error, request.auth.role !== "anon");
  }
}

/** Bound values are sent as text: numbers become strings, and only text or null is bound. */
export function textValues(values: unknown[]): (string | null)[] {
  return values.map((value) => (value === null || value === undefined ? null : String(value)));
}
