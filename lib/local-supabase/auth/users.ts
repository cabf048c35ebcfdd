import type { Queryable } from "./db";
import { USER_COLUMNS, type UserRecord } from "./user-record";

/**
 * Users in `auth.users` / `auth.identities`, written the way GoTrue writes them so the
 * database's own trigger (0001: the default role on insert) and the seeded users work alike.
 * Passwords are bcrypt through pgcrypto, cost 10 like GoTrue's; they never leave SQL.
 */

/** GoTrue's single-tenant instance id. */
const INSTANCE_ID = "00000000-0000-0000-0000-000000000000";
export const AUDIENCE = "authenticated";

const HASH_PASSWORD = "extensions.crypt($PW, extensions.gen_salt('bf', 10))";

export async function findUserById(db: Queryable, id: string): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM auth.users u WHERE u.id = $1`, [id]);
  return rows[0];
}

/** GoTrue's `FindUserByEmailAndAudience`; SSO users sign in elsewhere. */
export async function findUserByEmail(db: Queryable, email: string, aud = AUDIENCE): Promise<UserRecord | undefined> {
  const { rows } = await db.query<UserRecord>(
    `SELECT ${USER_COLUMNS} FROM auth.users u WHERE lower(u.email) = lower($1) AND u.aud = $2 AND NOT u.is_sso_user`,
    [email, aud],
  );
  return rows[0];
}

/** True when `password` matches the stored bcrypt hash (a user without one never matches). */
export async function passwordMatches(db: Queryable, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `SELECT CASE WHEN coalesce(encrypted_password, '') LIKE '$2%'
                 THEN encrypted_password = extensions.crypt($2, encrypted_password) ELSE false END AS ok
       FROM auth.users WHERE id = $1`,
    [userId, password],
  );
  return rows[0]?.ok === true;
}

export async function emailTaken(db: Queryable, email: string, exceptUserId?: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "SELECT 1 FROM auth.users WHERE lower(email) = lower($1) AND aud = $2 AND NOT is_sso_user AND id IS DISTINCT FROM $3::uuid",
    [email, AUDIENCE, exceptUserId ?? null],
  );
  return (rowCount ?? 0) > 0;
}

export interface NewUser {
  id?: string;
  aud?: string;
  role: string;
  email: string | null;
  phone: string | null;
  /** A plain password to hash, or a bcrypt hash to store as is, or none. */
  password?: { plain: string } | { hash: string };
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  /** Extra keys for the email identity's `identity_data` (sign-up copies `data` there). */
  identityExtras?: Record<string, unknown>;
}

/** Inserts the user and its email identity; returns the id. */
export async function insertUser(db: Queryable, user: NewUser): Promise<string> {
  const plain = user.password && "plain" in user.password ? user.password.plain : null;
  const hash = user.password && "hash" in user.password ? user.password.hash : null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO auth.users (instance_id, id, aud, role, email, phone, encrypted_password, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     VALUES ($1, coalesce($2::uuid, gen_random_uuid()), $3, $4, $5, $6,
             CASE WHEN $7::text IS NOT NULL THEN ${HASH_PASSWORD.replace("$PW", "$7")} ELSE $8::text END,
             $9::jsonb, $10::jsonb, now(), now())
     RETURNING id`,
    [
      INSTANCE_ID,
      user.id ?? null,
      user.aud ?? AUDIENCE,
      user.role,
      user.email,
      user.phone,
      plain,
      hash,
      user.appMetadata,
      user.userMetadata,
    ],
  );
  const id = rows[0].id;
  if (user.email) {
    // provider.Claims{Subject, Email} as GoTrue maps it: the two verified flags are always present.
    const identityData = {
      ...user.identityExtras,
      sub: id,
      email: user.email,
      email_verified: false,
      phone_verified: false,
    };
    await db.query(
      `INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       VALUES ($1::text, $1::uuid, $2::jsonb, 'email', now(), now(), now())`,
      [id, identityData],
    );
  }
  return id;
}

/** GoTrue's `User.Confirm`: the email counts as verified from now on. */
export async function confirmEmail(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `UPDATE auth.users SET email_confirmed_at = now(), confirmation_token = '', updated_at = now(),
            raw_user_meta_data = coalesce(raw_user_meta_data, '{}') || '{"email_verified": true}'
      WHERE id = $1`,
    [userId],
  );
}

type MetadataColumn = "raw_user_meta_data" | "raw_app_meta_data";

/** GoTrue's `UpdateUserMetaData` / `UpdateAppMetaData`: top-level merge, a `null` value removes the key. */
export async function mergeMetadata(
  db: Queryable,
  userId: string,
  column: MetadataColumn,
  updates: Record<string, unknown>,
): Promise<void> {
  const removed = Object.keys(updates).filter((key) => updates[key] === null);
  const kept = Object.fromEntries(Object.entries(updates).filter(([, value]) => value !== null));
  await db.query(
    `UPDATE auth.users SET ${column} = (coalesce(${column}, '{}') || $2::jsonb) - $3::text[], updated_at = now() WHERE id = $1`,
    [userId, kept, removed],
  );
}

export async function setPassword(db: Queryable, userId: string, password: string): Promise<void> {
  await db.query(
    `UPDATE auth.users SET encrypted_password = ${HASH_PASSWORD.replace("$PW", "$2")}, updated_at = now() WHERE id = $1`,
    [userId, password],
  );
}

/** Sets the address on the user and on its email identity (creating one if missing). */
export async function setEmail(db: Queryable, userId: string, email: string, verified: boolean): Promise<void> {
  await db.query("UPDATE auth.users SET email = $2, email_change = '', updated_at = now() WHERE id = $1", [
    userId,
    email,
  ]);
  const { rowCount } = await db.query(
    `UPDATE auth.identities SET identity_data = identity_data || jsonb_build_object('email', $2::text, 'email_verified', $3::boolean), updated_at = now()
      WHERE user_id = $1 AND provider = 'email'`,
    [userId, email, verified],
  );
  if (!rowCount) {
    await db.query(
      `INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
       VALUES ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', $3::boolean, 'phone_verified', false), 'email', now(), now(), now())`,
      [userId, email, verified],
    );
  }
}

export async function setRole(db: Queryable, userId: string, role: string): Promise<void> {
  await db.query("UPDATE auth.users SET role = $2, updated_at = now() WHERE id = $1", [userId, role.trim()]);
}

/** `null` lifts a ban. */
export async function setBannedUntil(db: Queryable, userId: string, untilMs: number | null): Promise<void> {
  await db.query(
    "UPDATE auth.users SET banned_until = CASE WHEN $2::float8 IS NULL THEN NULL ELSE now() + make_interval(secs => $2::float8 / 1000) END, updated_at = now() WHERE id = $1",
    [userId, untilMs],
  );
}

export async function touchLastSignIn(db: Queryable, userId: string): Promise<void> {
  await db.query("UPDATE auth.users SET last_sign_in_at = now() WHERE id = $1", [userId]);
  await db.query("UPDATE auth.identities SET last_sign_in_at = now() WHERE user_id = $1 AND provider = 'email'", [
    userId,
  ]);
}

export async function deleteUser(db: Queryable, userId: string): Promise<void> {
  await db.query("DELETE FROM auth.users WHERE id = $1", [userId]);
}

/**
 * GoTrue's soft delete: the row stays (other tables may point at it) but can never sign in
 * again: address, phone and password cleared, metadata emptied, identities and sessions gone.
 */
export async function softDeleteUser(db: Queryable, userId: string): Promise<void> {
  await db.query(
    `UPDATE auth.users SET email = NULL, phone = NULL, encrypted_password = NULL, email_change = '', confirmation_token = '',
            recovery_token = '', email_change_token_new = '', raw_user_meta_data = '{}', deleted_at = now(), updated_at = now()
      WHERE id = $1 AND deleted_at IS NULL`,
    [userId],
  );
  await db.query("DELETE FROM auth.identities WHERE user_id = $1", [userId]);
  await db.query("DELETE FROM auth.sessions WHERE user_id = $1", [userId]);
}
