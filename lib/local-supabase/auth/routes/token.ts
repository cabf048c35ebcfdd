import { sendJson } from "../../http";
import { clientInfo, type Handler } from "../context";
import { inTransaction } from "../db";
import { badRequest, unprocessable } from "../errors";
import { readJson } from "../request";
import { passwordGrantBody, refreshGrantBody } from "../schemas";
import { checkRefreshTokenShape, refreshSession, startSession } from "../sessions";
import { findUserByEmail, passwordMatches } from "../users";

/** GoTrue's answer for every failed password sign-in, whatever the reason. */
const invalidCredentials = () => badRequest("invalid_credentials", "Invalid login credentials");

/**
 * `POST /token?grant_type=password|refresh_token` (GoTrue `internal/api/token.go`,
 * `token_refresh.go`). Password sign-ins are limited per IP and per email address; refresh
 * grants per IP (the CLI's `token_refresh`).
 */
export const token: Handler = async (context, request) => {
  const grantType = request.url.searchParams.get("grant_type");
  if (grantType === "password") return passwordGrant(context, request);
  if (grantType === "refresh_token") return refreshTokenGrant(context, request);
  throw badRequest("invalid_credentials", "unsupported_grant_type");
};

const passwordGrant: Handler = async ({ pool, options, tokens, limiter }, { req, res }) => {
  const client = clientInfo(req);
  await limiter.take(`sign_in_ip:${client.ip}`, options.rateLimits.signInPerIp);
  const body = await readJson(req, passwordGrantBody, options.maxBodyBytes);
  const email = body.email ?? "";
  const phone = body.phone ?? "";
  const password = body.password ?? "";
  if (email !== "" && phone !== "")
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
  if (phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  if (email === "") throw badRequest("validation_failed", "missing email or phone");
  await limiter.take(`sign_in_email:${email.toLowerCase()}`, options.rateLimits.signInPerEmail);

  const session = await inTransaction(pool, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user || !user.has_password) throw invalidCredentials();
    if (user.banned) throw badRequest("user_banned", "User is banned");
    if (!(await passwordMatches(db, user.id, password))) throw invalidCredentials();
    if (!user.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");
    return startSession(db, tokens, user.id, client);
  });
  sendJson(res, 200, session);
};

const refreshTokenGrant: Handler = async ({ pool, options, tokens, limiter }, { req, res }) => {
  const client = clientInfo(req);
  await limiter.take(`refresh_ip:${client.ip}`, options.rateLimits.tokenRefreshPerIp);
  const body = await readJson(req, refreshGrantBody, options.maxBodyBytes);
  const refreshToken = body.refresh_token ?? "";
  checkRefreshTokenShape(refreshToken);
  sendJson(res, 200, await refreshSession(pool, tokens, refreshToken, client));
};
