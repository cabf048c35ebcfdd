import { sendJson } from "../../http";
import { authenticateUser } from "../authenticate";
import type { Handler } from "../context";
import { inTransaction } from "../db";
import { forbidden, unprocessable } from "../errors";
import { readJson } from "../request";
import { userUpdateBody } from "../schemas";
import { emailTaken, findUserById, mergeMetadata, passwordMatches, setEmail, setPassword } from "../users";
import { userJson } from "../user-record";
import { checkPasswordStrength, validateEmail } from "../validation";

/** `GET /user` (auth-js `getUser()`, and `getClaims()` for HS256 tokens). */
export const getUser: Handler = async ({ pool, keys }, { req, res }) => {
  const { user } = await authenticateUser(pool, keys, req);
  sendJson(res, 200, userJson(user));
};

/**
 * `PUT /user` (GoTrue `internal/api/user.go UserUpdate`): metadata, password, email.
 * One difference: a new email address is applied at once. GoTrue mails a confirmation link
 * first; the stand-in has no mail server, and the CLI's local stack only delivers the link
 * to its own test inbox anyway.
 */
export const updateUser: Handler = async ({ pool, keys, options }, { req, res }) => {
  const caller = await authenticateUser(pool, keys, req);
  const body = await readJson(req, userUpdateBody, options.maxBodyBytes);
  const email = body.email ? validateEmail(body.email) : "";
  if (body.phone) throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (body.password !== null && body.password !== undefined)
    checkPasswordStrength(body.password, options.minPasswordLength);
  // GoTrue lets only admins (role service_role or supabase_admin) change app_metadata here.
  if (body.app_metadata) throw forbidden("not_admin", "Updating app_metadata requires admin privileges");

  const user = await inTransaction(pool, async (db) => {
    const userId = caller.user.id;
    if (email !== "" && email !== caller.user.email && (await emailTaken(db, email, userId))) {
      throw unprocessable("email_exists", "A user with this email address has already been registered");
    }
    if (body.password) {
      if (caller.user.has_password && (await passwordMatches(db, userId, body.password))) {
        throw unprocessable("same_password", "New password should be different from the old password.");
      }
      await setPassword(db, userId, body.password);
      // A new password ends every other session (GoTrue `User.UpdatePassword`).
      await db.query(
        caller.sessionId
          ? "DELETE FROM auth.sessions WHERE user_id = $1 AND id <> $2"
          : "DELETE FROM auth.sessions WHERE user_id = $1",
        caller.sessionId ? [userId, caller.sessionId] : [userId],
      );
    }
    if (body.data) await mergeMetadata(db, userId, "raw_user_meta_data", body.data);
    if (email !== "" && email !== caller.user.email) await setEmail(db, userId, email, true);
    return findUserById(db, userId);
  });
  sendJson(res, 200, userJson(user ?? caller.user));
};
