import { sendJson } from "../../http";
import type { AuthContext, AuthRequest } from "../context";
import { badRequest } from "../errors";
import { AUDIENCE } from "../users";
import { USER_COLUMNS, userJson, type UserRecord } from "../user-record";

/**
 * `GET /admin/users?page=&per_page=&sort=&filter=` with GoTrue's page pagination
 * (`internal/api/pagination.go`, pop's paginator): `{users, aud}`, the total in
 * `X-Total-Count`, and `Link` with the next and last pages. auth-js reads the page number as
 * the first character after the first `=` of each link, so the query is encoded as Go does,
 * keys sorted (`page` before `per_page`).
 */
const DEFAULT_PER_PAGE = 50;

/** Go's `strconv.ParseUint` on a query parameter; empty means the default. */
function parsePageNumber(value: string | null, fallback: number): number {
  if (value === null || value === "") return fallback;
  if (!/^\d+$/.test(value))
    throw badRequest(
      "validation_failed",
      `Bad Pagination Parameters: strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`,
    );
  return Number(value);
}

function sortDirection(values: string[]): "ASC" | "DESC" {
  let direction: "ASC" | "DESC" = "DESC";
  for (const value of values) {
    const [field, dir] = [
      value.split(" ", 1)[0],
      value.includes(" ") ? value.slice(value.indexOf(" ") + 1) : undefined,
    ];
    if (field !== "created_at")
      throw badRequest("validation_failed", `Bad Sort Parameters: bad field for sort '${field}'`);
    if (dir !== undefined && !["ASC", "DESC"].includes(dir.toUpperCase())) {
      throw badRequest(
        "validation_failed",
        `Bad Sort Parameters: bad direction for sort '${dir}', only 'asc' and 'desc' allowed`,
      );
    }
    direction = dir?.toUpperCase() === "ASC" ? "ASC" : "DESC";
  }
  return direction;
}

/** What Go's `url.Values.Encode` produces: keys sorted, form encoding. */
function goEncode(params: URLSearchParams): string {
  const sorted = new URLSearchParams(params);
  sorted.sort();
  return sorted.toString();
}

function linkHeader(url: URL, page: number, totalPages: number): string {
  const params = new URLSearchParams(url.searchParams);
  // The path as GoTrue sees it behind the gateway, which strips `/auth/v1`.
  const at = (target: number) => {
    params.set("page", String(target));
    return `/admin/users?${goEncode(params)}`;
  };
  let header = "";
  if (totalPages > page) header += `<${at(page + 1)}>; rel="next", `;
  return `${header}<${at(totalPages)}>; rel="last"`;
}

export async function listUsers({ pool }: AuthContext, { res, url }: AuthRequest): Promise<void> {
  // pop's paginator: a page below 1 is the first; a size below 1 is its default of 20.
  const page = Math.max(1, parsePageNumber(url.searchParams.get("page"), 1));
  const requestedPerPage = parsePageNumber(url.searchParams.get("per_page"), DEFAULT_PER_PAGE);
  const perPage = requestedPerPage < 1 ? 20 : requestedPerPage;
  const direction = sortDirection(url.searchParams.getAll("sort"));
  const filter = url.searchParams.get("filter") ?? "";

  const where =
    "u.aud = $1 AND ($2 = '' OR u.email LIKE '%' || $2 || '%' OR u.raw_user_meta_data ->> 'full_name' ILIKE '%' || $2 || '%')";
  const { rows: counted } = await pool.query<{ total: string }>(
    `SELECT count(*) AS total FROM auth.users u WHERE ${where}`,
    [AUDIENCE, filter],
  );
  const total = Number(counted[0].total);
  const { rows } = await pool.query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM auth.users u WHERE ${where} ORDER BY u.created_at ${direction}, u.id ${direction} LIMIT $3 OFFSET $4`,
    [AUDIENCE, filter, perPage, (page - 1) * perPage],
  );
  const totalPages = Math.ceil(total / perPage);
  sendJson(
    res,
    200,
    { users: rows.map(userJson), aud: AUDIENCE },
    { Link: linkHeader(url, page, totalPages), "X-Total-Count": String(total) },
  );
}
