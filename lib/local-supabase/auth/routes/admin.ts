import { randomBytes } from "node:crypto";
import { sendJson } from "../../http";
import { authenticateAdmin } from "../authenticate";
import type { AuthRequest, Handler } from "../context";
import { inTransaction, sqlState } from "../db";
import { AuthError, badRequest, unprocessable } from "../errors";
import { readJson } from "../request";
import { adminDeleteBody, adminUserBody, type AdminUserBody } from "../schemas";
import {
  AUDIENCE,
  confirmEmail,
  deleteUser,
  emailTaken,
  findUserById,
  insertUser,
  mergeMetadata,
  setBannedUntil,
  setEmail,
  setPassword,
  setRole,
  softDeleteUser,
} from "../users";
import { userJson, type UserRecord } from "../user-record";
import { checkPasswordStrength, parseGoDuration, validateEmail } from "../validation";
import { listUsers } from "./admin-list";

/**
 * The admin user API (GoTrue `internal/api/admin.go`), for the service-role key only.
 * Email users only: phone numbers are refused, as the phone provider is off in the CLI's config.
 * Deleting or demoting a user can run into Busymate's own rules (the last admin stays); such
 * a refusal from the database is a 409 `conflict` with its message, never a 500.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BCRYPT_HASH = /^\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}$/;

/** `ban_duration`: a Go duration, or "none" to lift a ban; undefined when not given. */
function banDuration(body: AdminUserBody): number | null | undefined {
  if (!body.ban_duration) return undefined;
  return body.ban_duration === "none" ? null : parseGoDuration(body.ban_duration);
}

async function loadUser(request: AuthRequest, db: Parameters<typeof findUserById>[0]): Promise<UserRecord> {
  const id = request.params.id;
  if (!UUID.test(id)) throw new AuthError(404, "validation_failed", "user_id must be an UUID");
  const user = await findUserById(db, id);
  if (!user) throw new AuthError(404, "user_not_found", "User not found");
  return user;
}

/** Busymate's triggers refuse some changes (the last admin); say so instead of failing. */
function refusedByDatabase(error: unknown): never {
  if (error instanceof AuthError) throw error;
  const state = sqlState(error);
  if (state === "42501" || state === "23503" || state === "23505" || state === "P0001") {
    throw new AuthError(409, "conflict", (error as Error).message);
  }
  throw error;
}

export const adminListUsers: Handler = async (context, request) => {
  await authenticateAdmin(context.pool, context.keys, request.req);
  await listUsers(context, request);
};

export const adminGetUser: Handler = async ({ pool, keys }, request) => {
  await authenticateAdmin(pool, keys, request.req);
  sendJson(request.res, 200, userJson(await loadUser(request, pool)));
};

export const adminCreateUser: Handler = async ({ pool, keys, options }, { req, res }) => {
  await authenticateAdmin(pool, keys, req);
  const body = await readJson(req, adminUserBody, options.maxBodyBytes);
  if (!body.email && !body.phone)
    throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  const email = body.email ? validateEmail(body.email) : null;
  if (body.phone) throw badRequest("phone_provider_disabled", "Phone logins are disabled");
  if (body.password && body.password_hash)
    throw badRequest("validation_failed", "Only a password or a password hash should be provided");
  if (body.password_hash && !BCRYPT_HASH.test(body.password_hash))
    throw badRequest("validation_failed", "password_hash must be a bcrypt hash");
  if (body.password) checkPasswordStrength(body.password, 0);
  if (body.id && !UUID.test(body.id)) throw badRequest("validation_failed", "ID must conform to the uuid v4 format");
  if (body.id === "00000000-0000-0000-0000-000000000000")
    throw badRequest("validation_failed", "ID cannot be a nil uuid");
  const ban = banDuration(body);

  const user = await inTransaction(pool, async (db) => {
    if (email && (await emailTaken(db, email)))
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    const userId = await insertUser(db, {
      id: body.id ?? undefined,
      aud: body.aud || AUDIENCE,
      role: body.role || "authenticated",
      email,
      phone: null,
      // No password given: GoTrue sets a random one nobody knows.
      password: body.password_hash ? { hash: body.password_hash } : { plain: body.password || randomPassword() },
      appMetadata: { provider: "email", providers: ["email"] },
      userMetadata: body.user_metadata ?? {},
    });
    if (body.app_metadata) await mergeMetadata(db, userId, "raw_app_meta_data", body.app_metadata);
    if (body.email_confirm) await confirmEmail(db, userId);
    if (ban !== undefined) await setBannedUntil(db, userId, ban);
    return findUserById(db, userId);
  }).catch((error: unknown) => {
    // Two creations racing for one address: the unique index decides.
    if (sqlState(error) === "23505" && (error as { constraint?: string }).constraint === "users_email_partial_key") {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
    return refusedByDatabase(error);
  });
  sendJson(res, 200, userJson(user!));
};

export const adminUpdateUser: Handler = async ({ pool, keys, options }, request) => {
  const { req, res } = request;
  await authenticateAdmin(pool, keys, req);
  const body = await readJson(req, adminUserBody, options.maxBodyBytes);
  const email = body.email ? validateEmail(body.email) : "";
  if (body.phone) throw badRequest("phone_provider_disabled", "Phone logins are disabled");
  if (body.password !== null && body.password !== undefined)
    checkPasswordStrength(body.password, options.minPasswordLength);
  const ban = banDuration(body);

  const user = await inTransaction(pool, async (db) => {
    const target = await loadUser(request, db);
    if (body.role) await setRole(db, target.id, body.role);
    if (body.email_confirm) await confirmEmail(db, target.id);
    if (body.password !== null && body.password !== undefined) {
      await setPassword(db, target.id, body.password);
      // GoTrue `UpdatePassword(tx, nil)`: a password set by an admin ends every session.
      await db.query("DELETE FROM auth.sessions WHERE user_id = $1", [target.id]);
    }
    if (email !== "" && email !== target.email) {
      if (await emailTaken(db, email, target.id))
        throw unprocessable("email_exists", "A user with this email address has already been registered");
      await setEmail(db, target.id, email, body.email_confirm === true);
    }
    if (body.app_metadata) await mergeMetadata(db, target.id, "raw_app_meta_data", body.app_metadata);
    if (body.user_metadata) await mergeMetadata(db, target.id, "raw_user_meta_data", body.user_metadata);
    if (ban !== undefined) await setBannedUntil(db, target.id, ban);
    return findUserById(db, target.id);
  }).catch(refusedByDatabase);
  sendJson(res, 200, userJson(user!));
};

export const adminDeleteUser: Handler = async ({ pool, keys, options }, request) => {
  const { req, res } = request;
  await authenticateAdmin(pool, keys, req);
  const body = await readJson(req, adminDeleteBody, options.maxBodyBytes, { optional: true });
  await inTransaction(pool, async (db) => {
    const target = await loadUser(request, db);
    if (body.should_soft_delete) await softDeleteUser(db, target.id);
    else await deleteUser(db, target.id);
  }).catch(refusedByDatabase);
  sendJson(res, 200, {});
};

/** What GoTrue sets when an admin creates a user without a password: 64 random characters. */
function randomPassword(): string {
  return randomBytes(48).toString("base64url");
}
