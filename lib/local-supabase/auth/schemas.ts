import { z } from "zod";

/**
 * The request bodies, shaped like GoTrue's parameter structs: every field optional, `null`
 * the same as absent (a Go string or map left at its zero value), unknown fields dropped.
 */
const text = z.string().nullish();
const flag = z.boolean().nullish();
const metadata = z.record(z.string(), z.unknown()).nullish();

/** `POST /signup` (auth-js `signUp`). */
export const signUpBody = z.object({
  email: text,
  phone: text,
  password: text,
  data: metadata,
  channel: text,
  code_challenge: text,
  code_challenge_method: text,
});

/** `POST /token?grant_type=password` (auth-js `signInWithPassword`). */
export const passwordGrantBody = z.object({ email: text, phone: text, password: text });

/** `POST /token?grant_type=refresh_token`. */
export const refreshGrantBody = z.object({ refresh_token: text });

/** `PUT /user` (auth-js `updateUser`). */
export const userUpdateBody = z.object({
  email: text,
  phone: text,
  password: text,
  current_password: text,
  nonce: text,
  data: metadata,
  app_metadata: metadata,
  code_challenge: text,
  code_challenge_method: text,
});

/** `POST /admin/users` and `PUT /admin/users/{id}` (auth-js `admin.createUser` / `updateUserById`). */
export const adminUserBody = z.object({
  id: text,
  aud: text,
  role: text,
  email: text,
  phone: text,
  password: text,
  password_hash: text,
  email_confirm: flag,
  phone_confirm: flag,
  user_metadata: metadata,
  app_metadata: metadata,
  ban_duration: text,
});

/** `DELETE /admin/users/{id}` (auth-js `admin.deleteUser`). */
export const adminDeleteBody = z.object({ should_soft_delete: flag });

export type SignUpBody = z.infer<typeof signUpBody>;
export type UserUpdateBody = z.infer<typeof userUpdateBody>;
export type AdminUserBody = z.infer<typeof adminUserBody>;
