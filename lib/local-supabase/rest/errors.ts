/**
 * PostgREST's error responses (`src/library/PostgREST/Error.hs` @ v14): the body is always
 * `{code, details, hint, message}`; the status depends on the error, and for database errors
 * on the SQLSTATE (`mapSQLtoHTTP`).
 */
export interface ErrorBody {
  code: string;
  /** A string for most errors; PGRST201 sends the candidate relationships as a JSON list. */
  details: string | object[] | null;
  hint: string | null;
  message: string;
}

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string | object[] | null = null,
    readonly hint: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "RestError";
  }

  body(): ErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

/** PGRST100: a query parameter that does not parse; message and details as Parsec renders them. */
export function parseError(source: string, column: number, details: string): RestError {
  return new RestError(400, "PGRST100", `"${source}" (line 1, column ${column})`, details);
}

export const invalidBody = (message: string) => new RestError(400, "PGRST102", message);

export function invalidRange(details: string): RestError {
  return new RestError(416, "PGRST103", "Requested range not satisfiable", details);
}

export const unacceptableSchema = (schema: string, exposed: string[]) =>
  new RestError(
    406,
    "PGRST106",
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${exposed.join(", ")}`,
  );

export const mediaTypeError = (types: string[]) =>
  new RestError(406, "PGRST107", `None of these media types are available: ${types.join(", ")}`);

export function notEmbedded(resource: string): RestError {
  return new RestError(
    400,
    "PGRST108",
    `'${resource}' is not an embedded resource in this request`,
    null,
    `Verify that '${resource}' is included in the 'select' query parameter.`,
  );
}

export const singularityError = (rows: number) =>
  new RestError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${rows} rows`,
  );

export const unsupportedMethod = (method: string) =>
  new RestError(405, "PGRST117", `Unsupported HTTP method: ${method}`);

export const invalidRpcMethod = (method: string) =>
  new RestError(405, "PGRST101", `Cannot use the ${method} method on RPC`);

export function relatedOrderNotToOne(origin: string, target: string): RestError {
  return new RestError(
    400,
    "PGRST118",
    `A related order on '${target}' is not possible`,
    `'${origin}' and '${target}' do not form a many-to-one or one-to-one relationship`,
  );
}

export const invalidPreferences = (prefs: string[]) =>
  new RestError(
    400,
    "PGRST122",
    "Invalid preferences given with handling=strict",
    `Invalid preferences: ${prefs.join(", ")}`,
  );

export const aggregatesNotAllowed = () => new RestError(400, "PGRST123", "Use of aggregate functions is not allowed");

export const maxAffectedViolation = (rows: number) =>
  new RestError(
    400,
    "PGRST124",
    "Query result exceeds max-affected preference constraint",
    `The query affects ${rows} rows`,
  );

export const invalidResourcePath = () => new RestError(404, "PGRST125", "Invalid path specified in request URL");

export const notImplemented = (details: string) => new RestError(400, "PGRST127", "Feature not implemented", details);

export const invalidFilters = () =>
  new RestError(405, "PGRST105", "Filters must include all and only primary key columns with 'eq' operators");

export const putMatchingPk = () =>
  new RestError(400, "PGRST115", "Payload values do not match URL in primary key column(s)");

export function columnNotFound(table: string, column: string): RestError {
  return new RestError(400, "PGRST204", `Could not find the '${column}' column of '${table}' in the schema cache`);
}

export function tableNotFound(schema: string, table: string, suggestion?: string): RestError {
  return new RestError(
    404,
    "PGRST205",
    `Could not find the table '${schema}.${table}' in the schema cache`,
    null,
    suggestion ? `Perhaps you meant the table '${schema}.${suggestion}'` : null,
  );
}

/** What PostgreSQL itself answers for an unknown column, which PostgREST relays (42703 → 400). */
export function undefinedColumn(relation: string, column: string): RestError {
  return new RestError(400, "42703", `column ${relation}.${column} does not exist`);
}

export function noRelationship(
  parent: string,
  child: string,
  hint: string | undefined,
  schema: string,
  suggestion?: string,
): RestError {
  const using = hint ? `' using the hint '${hint}` : "";
  return new RestError(
    400,
    "PGRST200",
    `Could not find a relationship between '${parent}' and '${child}' in the schema cache`,
    `Searched for a foreign key relationship between '${parent}' and '${child}${using}' in the schema '${schema}', but no matches were found.`,
    suggestion ?? null,
  );
}

/** PGRST201 (300): several relationships match; `details` is the JSON list PostgREST sends. */
export function ambiguousRelationship(parent: string, child: string, details: object[], hints: string[]): RestError {
  return new RestError(
    300,
    "PGRST201",
    `Could not embed because more than one relationship was found for '${parent}' and '${child}'`,
    details,
    `Try changing '${child}' to one of the following: ${hints.join(", ")}. Find the desired relationship in the 'details' key.`,
  );
}

/** PGRST202, worded by the body's media type as PostgREST words it (`NoRpc`). */
export function noFunction(
  schema: string,
  name: string,
  argumentKeys: string[],
  mediaType: string | undefined,
  hint: string | null,
): RestError {
  const func = `${schema}.${name}`;
  const sorted = [...argumentKeys];
  const single: Record<string, string> = {
    "text/plain": "text",
    "text/xml": "xml",
    "application/octet-stream": "bytea",
  };
  const singleType = mediaType ? single[mediaType] : undefined;
  const params = sorted.length === 0 ? " without parameters" : `(${sorted.join(", ")})`;
  const detailParams =
    sorted.length === 0 ? " without parameters" : ` with parameter${sorted.length > 1 ? "s" : ""} ${sorted.join(", ")}`;
  const searched = singleType
    ? ` with a single unnamed ${singleType} parameter`
    : mediaType === "application/json"
      ? `${detailParams} or with a single unnamed json/jsonb parameter`
      : detailParams;
  return new RestError(
    404,
    "PGRST202",
    `Could not find the function ${func}${singleType ? "" : params} in the schema cache`,
    `Searched for the function ${func}${searched}, but no matches were found in the schema cache.`,
    hint,
  );
}

export function ambiguousFunction(candidates: string[]): RestError {
  return new RestError(
    300,
    "PGRST203",
    `Could not choose the best candidate function between: ${candidates.join(", ")}`,
    null,
    "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
  );
}

/** The JWT errors (PGRST301–303), each with the `WWW-Authenticate` challenge PostgREST adds. */
export function jwtError(code: "PGRST301" | "PGRST303", message: string): RestError {
  return new RestError(401, code, message, null, null, {
    "WWW-Authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(message)}`,
  });
}

export class BodyLimitError extends RestError {
  constructor(limit: number) {
    super(
      413,
      "PGRST413",
      `Request body exceeds the limit of ${limit} bytes`,
      null,
      "Send a smaller body, or split the rows into several requests.",
    );
  }
}
