import { randomBytes } from "node:crypto";
import { serverConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

/**
 * Supabase Auth's admin API (`/auth/v1/admin/users`) with the secret key: the local stand-in
 * in embedded mode, the project's Auth in production. Creating a person or banning one is an
 * Auth change, not a row the caller's transaction could write; the registry has already checked
 * the caller's users:edit against the database before a handler calls this.
 */
export interface AuthAdminUser {
  id: string;
  email: string | null;
  banned_until?: string | null;
}

async function authAdmin(method: string, path: string, body: unknown): Promise<AuthAdminUser> {
  const config = serverConfig();
  const key = config.SUPABASE_SECRET_KEY;
  const response = await fetch(`${config.NEXT_PUBLIC_SUPABASE_URL.replace(/\/$/, "")}/auth/v1/admin/${path}`, {
    method,
    headers: { apikey: key, authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer as unknown as AuthAdminUser;
  const message = String(answer.msg ?? answer.message ?? answer.error_description ?? `HTTP ${response.status}`);
  if (answer.error_code === "email_exists" || response.status === 422)
    throw new AppError("CONFLICT", message, "Pick another e-mail address, or find the person in list_users.");
  if (response.status === 404) throw new AppError("NOT_FOUND", message, "list_users shows the people.");
  if (response.status === 400) throw new AppError("VALIDATION_FAILED", message);
  if (response.status === 409) throw new AppError("CONFLICT", message);
  throw new AppError("SERVICE_UNAVAILABLE", `Auth refused the change: ${message}`, "Try again shortly.");
}

/** A password a person types once and then changes: 20 characters from 15 random bytes. */
export function oneTimePassword(): string {
  return randomBytes(15).toString("base64url");
}

export const createAuthUser = (email: string, password: string) =>
  authAdmin("POST", "users", { email, password, email_confirm: true });

/** Deactivating is a ban (Auth refuses sign-in and refresh while it lasts); "none" lifts it. */
export const setAuthUserBan = (userId: string, active: boolean) =>
  authAdmin("PUT", `users/${encodeURIComponent(userId)}`, { ban_duration: active ? "none" : "876000h" });
