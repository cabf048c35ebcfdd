import { sendJson } from "../../http";
import { clientInfo, type Handler } from "../context";
import { inTransaction, sqlState } from "../db";
import { badRequest, unprocessable } from "../errors";
import { readJson } from "../request";
import { signUpBody } from "../schemas";
import { startSession } from "../sessions";
import { confirmEmail, emailTaken, insertUser } from "../users";
import { checkPasswordStrength, validateEmail, validatePkce } from "../validation";

const alreadyRegistered = () => unprocessable("user_already_exists", "User already registered");

/**
 * `POST /signup` (GoTrue `internal/api/signup.go`) with the CLI's local defaults: email
 * sign-ups only, confirmed at once (`enable_confirmations = false`), so the answer is a
 * session. Phone and anonymous sign-ups are disabled, as in the CLI's config.
 */
export const signUp: Handler = async ({ pool, options, tokens, limiter }, { req, res }) => {
  const body = await readJson(req, signUpBody, options.maxBodyBytes);
  const email = body.email ?? "";
  const phone = body.phone ?? "";
  const password = body.password ?? "";
  if (email === "" && phone === "")
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  const client = clientInfo(req);
  await limiter.take(`sign_in_ip:${client.ip}`, options.rateLimits.signInPerIp);

  if (password === "") throw badRequest("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(password, options.minPasswordLength);
  if (email !== "" && phone !== "")
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on signup.");
  validatePkce(body.code_challenge ?? "", body.code_challenge_method ?? "");
  if (email === "") throw badRequest("phone_provider_disabled", "Phone signups are disabled");
  const address = validateEmail(email);
  const data = body.data ?? {};

  const session = await inTransaction(pool, async (db) => {
    // An unconfirmed user with this address is refused too: GoTrue would confirm it and hand
    // a session to whoever typed the address, without checking the password.
    if (await emailTaken(db, address)) throw alreadyRegistered();
    const userId = await insertUser(db, {
      role: "authenticated",
      email: address,
      phone: null,
      password: { plain: password },
      appMetadata: { provider: "email", providers: ["email"] },
      userMetadata: data,
      identityExtras: data,
    });
    await confirmEmail(db, userId);
    return startSession(db, tokens, userId, client);
  }).catch((error: unknown) => {
    // Two sign-ups racing for one address: the unique index decides.
    if (sqlState(error) === "23505") throw alreadyRegistered();
    throw error;
  });
  sendJson(res, 200, session);
};
