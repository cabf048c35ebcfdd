/**
 * A user as GoTrue returns it (`internal/models/user.go`, `identity.go`): the same keys, in
 * the same order, with the same fields left out when empty (Go's `omitempty`).
 */

/** Timestamps as Go's `time.Time` marshals a UTC value: RFC 3339, microseconds, trailing zeros dropped. */
const ts = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function goTime(value: string): string;
export function goTime(value: string | null): string | null;
export function goTime(value: string | null): string | null {
  return value === null ? null : value.replace(/(\.\d*?)0+Z$/, "$1Z").replace(/\.Z$/, "Z");
}

/** The columns every user query selects, from `auth.users u`. */
export const USER_COLUMNS = `
  u.id, u.aud, u.role, u.email, u.phone, u.is_anonymous,
  coalesce(u.encrypted_password, '') <> '' AS has_password,
  coalesce(u.banned_until > now(), false) AS banned,
  ${ts("u.email_confirmed_at")} AS email_confirmed_at,
  ${ts("u.invited_at")} AS invited_at,
  ${ts("u.phone_confirmed_at")} AS phone_confirmed_at,
  ${ts("u.confirmation_sent_at")} AS confirmation_sent_at,
  ${ts("least(u.email_confirmed_at, u.phone_confirmed_at)")} AS confirmed_at,
  ${ts("u.recovery_sent_at")} AS recovery_sent_at,
  u.email_change,
  ${ts("u.email_change_sent_at")} AS email_change_sent_at,
  ${ts("u.last_sign_in_at")} AS last_sign_in_at,
  coalesce(u.raw_app_meta_data, '{}') AS app_metadata,
  coalesce(u.raw_user_meta_data, '{}') AS user_metadata,
  ${ts("u.created_at")} AS created_at,
  ${ts("u.updated_at")} AS updated_at,
  ${ts("u.banned_until")} AS banned_until,
  ${ts("u.deleted_at")} AS deleted_at,
  coalesce((
    SELECT json_agg(json_build_object(
      'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', i.identity_data,
      'provider', i.provider, 'last_sign_in_at', ${ts("i.last_sign_in_at")},
      'created_at', ${ts("i.created_at")}, 'updated_at', ${ts("i.updated_at")}, 'email', i.email
    ) ORDER BY i.created_at, i.id)
    FROM auth.identities i WHERE i.user_id = u.id
  ), '[]') AS identities`;

type Metadata = Record<string, unknown>;

interface IdentityRow {
  identity_id: string;
  id: string;
  user_id: string;
  identity_data: Metadata | null;
  provider: string;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
  email: string | null;
}

export interface UserRecord {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  is_anonymous: boolean;
  has_password: boolean;
  banned: boolean;
  email_confirmed_at: string | null;
  invited_at: string | null;
  phone_confirmed_at: string | null;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  recovery_sent_at: string | null;
  email_change: string | null;
  email_change_sent_at: string | null;
  last_sign_in_at: string | null;
  app_metadata: Metadata;
  user_metadata: Metadata;
  created_at: string;
  updated_at: string;
  banned_until: string | null;
  deleted_at: string | null;
  identities: IdentityRow[];
}

/** Sets `key` only when the value is not empty, keeping GoTrue's key order. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== null && value !== undefined && value !== "") target[key] = value;
}

function identityJson(identity: IdentityRow): Record<string, unknown> {
  const json: Record<string, unknown> = {
    identity_id: identity.identity_id,
    id: identity.id,
    user_id: identity.user_id,
  };
  if (identity.identity_data && Object.keys(identity.identity_data).length > 0)
    json.identity_data = identity.identity_data;
  json.provider = identity.provider;
  put(json, "last_sign_in_at", goTime(identity.last_sign_in_at));
  json.created_at = goTime(identity.created_at);
  json.updated_at = goTime(identity.updated_at);
  put(json, "email", identity.email);
  return json;
}

export function userJson(user: UserRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: user.id,
    aud: user.aud ?? "",
    role: user.role ?? "",
    email: user.email ?? "",
  };
  put(json, "email_confirmed_at", goTime(user.email_confirmed_at));
  put(json, "invited_at", goTime(user.invited_at));
  json.phone = user.phone ?? "";
  put(json, "phone_confirmed_at", goTime(user.phone_confirmed_at));
  put(json, "confirmation_sent_at", goTime(user.confirmation_sent_at));
  put(json, "confirmed_at", goTime(user.confirmed_at));
  put(json, "recovery_sent_at", goTime(user.recovery_sent_at));
  put(json, "new_email", user.email_change);
  put(json, "email_change_sent_at", goTime(user.email_change_sent_at));
  put(json, "last_sign_in_at", goTime(user.last_sign_in_at));
  json.app_metadata = user.app_metadata;
  json.user_metadata = user.user_metadata;
  json.identities = user.identities.map(identityJson);
  json.created_at = goTime(user.created_at);
  json.updated_at = goTime(user.updated_at);
  put(json, "banned_until", goTime(user.banned_until));
  put(json, "deleted_at", goTime(user.deleted_at));
  json.is_anonymous = user.is_anonymous;
  return json;
}
