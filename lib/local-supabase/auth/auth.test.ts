import { randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/** Sign-up, sign-in, the user endpoints and sign-out, through the real supabase-js. */
describe("Auth through supabase-js", () => {
  let stack: TestSupabase;
  const generous = { limit: 10_000, windowSeconds: 300 };
  beforeAll(async () => {
    // Many sign-ins from one address in this file: the limits are tested elsewhere.
    stack = await startTestSupabase({ auth: { rateLimits: { signInPerIp: generous, signInPerEmail: generous } } });
  });
  afterAll(() => stack?.stop());

  const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = "correct horse battery";

  /** A raw call with the publishable key, to see statuses and bodies the client hides. */
  const raw = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${stack.url}/auth/v1${path}`, {
      ...init,
      headers: {
        apikey: stack.keys.publishableKey,
        "Content-Type": "application/json",
        "X-Supabase-Api-Version": "2024-01-01",
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
    });

  async function signedIn(email: string) {
    const client = stack.client();
    const { data, error } = await client.auth.signInWithPassword({ email, password });
    expect(error).toBeNull();
    return { client, session: data.session! };
  }

  it("signs up with email and password and gets a session at once, as the CLI's autoconfirm does", async () => {
    const email = newEmail("ada");
    const { data, error } = await stack.client().auth.signUp({ email, password, options: { data: { name: "Ada" } } });
    expect(error).toBeNull();
    expect(data.session).toMatchObject({ token_type: "bearer", expires_in: 3600 });
    expect(data.session!.refresh_token).toMatch(/^[a-z0-9]{12}$/);
    expect(data.session!.expires_at).toBe(decodeJwt(data.session!.access_token).exp);
    expect(data.user).toMatchObject({
      email,
      aud: "authenticated",
      role: "authenticated",
      phone: "",
      is_anonymous: false,
      app_metadata: { provider: "email", providers: ["email"] },
      user_metadata: { name: "Ada", email_verified: true },
    });
    expect(data.user!.email_confirmed_at).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(data.user!.identities).toEqual([
      expect.objectContaining({
        id: data.user!.id,
        user_id: data.user!.id,
        provider: "email",
        email,
        identity_data: expect.objectContaining({ sub: data.user!.id, email, name: "Ada" }),
      }),
    ]);

    // The password is stored as GoTrue stores it, and the database's own trigger gave a role.
    const { rows } = await stack.owner.query(
      "SELECT u.encrypted_password, r.slug FROM auth.users u JOIN public.user_roles ur ON ur.user_id = u.id JOIN public.roles r ON r.id = ur.role_id WHERE u.id = $1",
      [data.user!.id],
    );
    expect(rows[0].encrypted_password).toMatch(/^\$2a\$10\$/);
    expect(["admin", "member"]).toContain(rows[0].slug);
  });

  it("issues access tokens with GoTrue's header and claims, in GoTrue's order", async () => {
    const email = newEmail("claims");
    const { data } = await stack.client().auth.signUp({ email, password });
    const token = data.session!.access_token;
    expect(decodeProtectedHeader(token)).toEqual(
      stack.keys.signing
        ? { alg: "ES256", kid: stack.keys.signing.current.kid, typ: "JWT" }
        : { alg: "HS256", typ: "JWT" },
    );
    const claims = decodeJwt(token);
    expect(Object.keys(claims)).toEqual([
      "iss",
      "sub",
      "aud",
      "exp",
      "iat",
      "email",
      "phone",
      "app_metadata",
      "user_metadata",
      "role",
      "aal",
      "amr",
      "session_id",
      "is_anonymous",
    ]);
    expect(claims).toMatchObject({
      iss: `${stack.url}/auth/v1`,
      sub: data.user!.id,
      aud: "authenticated",
      email,
      phone: "",
      role: "authenticated",
      aal: "aal1",
      is_anonymous: false,
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(claims.amr).toEqual([{ method: "password", timestamp: expect.any(Number) }]);
    const { rowCount } = await stack.owner.query("SELECT 1 FROM auth.sessions WHERE id = $1 AND user_id = $2", [
      claims.session_id,
      claims.sub,
    ]);
    expect(rowCount).toBe(1);
  });

  it("refuses a second sign-up with the same address, in any case", async () => {
    const email = newEmail("twice");
    await stack.client().auth.signUp({ email, password });
    const { data, error } = await stack.client().auth.signUp({ email: email.toUpperCase(), password });
    expect(data.session).toBeNull();
    expect(error).toMatchObject({
      name: "AuthApiError",
      status: 422,
      code: "user_already_exists",
      message: "User already registered",
    });
  });

  it("refuses a weak password with the reasons", async () => {
    const { error } = await stack.client().auth.signUp({ email: newEmail("weak"), password: "12345" });
    expect(error).toMatchObject({
      name: "AuthWeakPasswordError",
      status: 422,
      code: "weak_password",
      reasons: ["length"],
      message: "Password should be at least 6 characters.",
    });
  });

  it("signs in a user written straight into auth.users (as the demo seed does)", async () => {
    const email = newEmail("seeded");
    const person = await createPerson(stack.owner, email, undefined, password);
    const { session } = await signedIn(email);
    expect(session.user.id).toBe(person.id);
    const { rows } = await stack.owner.query("SELECT last_sign_in_at FROM auth.users WHERE id = $1", [person.id]);
    expect(rows[0].last_sign_in_at).not.toBeNull();
  });

  it("answers a wrong password and an unknown address alike: invalid_credentials", async () => {
    const email = newEmail("wrong");
    await stack.client().auth.signUp({ email, password });
    for (const attempt of [
      { email, password: "not the password" },
      { email: newEmail("nobody"), password },
    ]) {
      const { data, error } = await stack.client().auth.signInWithPassword(attempt);
      expect(data.session).toBeNull();
      expect(error).toMatchObject({
        name: "AuthApiError",
        status: 400,
        code: "invalid_credentials",
        message: "Invalid login credentials",
      });
    }
  });

  it("returns the user for its token, and getClaims verifies it (through /user for HS256, by the JWKS for ES256)", async () => {
    const email = newEmail("getuser");
    await stack.client().auth.signUp({ email, password, options: { data: { team: "qa" } } });
    const { client, session } = await signedIn(email);
    const { data, error } = await client.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ id: session.user.id, email, user_metadata: { team: "qa" } });
    const claims = await client.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.claims).toMatchObject({
      sub: session.user.id,
      email,
      role: "authenticated",
      session_id: expect.any(String),
    });
  });

  it("updates metadata, password and email, and refuses what GoTrue refuses", async () => {
    const email = newEmail("update");
    const taken = newEmail("taken");
    await stack.client().auth.signUp({ email: taken, password });
    await stack.client().auth.signUp({ email, password, options: { data: { keep: 1, drop: 2 } } });
    const { client } = await signedIn(email);
    const other = await signedIn(email);

    const metadata = await client.auth.updateUser({ data: { drop: null, added: "yes" } });
    expect(metadata.error).toBeNull();
    expect(metadata.data.user!.user_metadata).toEqual({ keep: 1, added: "yes", email_verified: true });

    const same = await client.auth.updateUser({ password });
    expect(same.error).toMatchObject({ status: 422, code: "same_password" });
    const weak = await client.auth.updateUser({ password: "abc" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password" });
    const duplicate = await client.auth.updateUser({ email: taken });
    expect(duplicate.error).toMatchObject({ status: 422, code: "email_exists" });

    const newPassword = "a brand new passphrase";
    expect((await client.auth.updateUser({ password: newPassword })).error).toBeNull();
    // A new password ends the user's other sessions, not this one.
    expect((await client.auth.getUser()).error).toBeNull();
    expect((await raw("/user", { token: other.session.access_token })).status).toBe(403);
    expect((await stack.client().auth.signInWithPassword({ email, password })).error?.code).toBe("invalid_credentials");
    expect((await stack.client().auth.signInWithPassword({ email, password: newPassword })).error).toBeNull();

    const renamed = newEmail("renamed");
    const changed = await client.auth.updateUser({ email: renamed });
    expect(changed.error).toBeNull();
    expect(changed.data.user).toMatchObject({
      email: renamed,
      identities: [expect.objectContaining({ identity_data: expect.objectContaining({ email: renamed }) })],
    });
    expect((await stack.client().auth.signInWithPassword({ email: renamed, password: newPassword })).error).toBeNull();
  });

  it("signs out with scope others, local and global, each ending the sessions GoTrue ends", async () => {
    const email = newEmail("logout");
    await stack.client().auth.signUp({ email, password });
    const [a, b, c] = [await signedIn(email), await signedIn(email), await signedIn(email)];
    const status = async (session: { access_token: string }) =>
      (await raw("/user", { token: session.access_token })).status;

    expect((await c.client.auth.signOut({ scope: "others" })).error).toBeNull();
    expect(await status(a.session)).toBe(403);
    expect(await status(b.session)).toBe(403);
    expect(await status(c.session)).toBe(200);
    const ended = await raw("/user", { token: a.session.access_token });
    expect(await ended.json()).toEqual({
      code: "session_not_found",
      message: "Session from session_id claim in JWT does not exist",
    });
    // supabase-js drops its session when the server says the session is gone.
    const { error } = await a.client.auth.getUser();
    expect(error?.name).toBe("AuthSessionMissingError");

    const d = await signedIn(email);
    expect((await c.client.auth.signOut({ scope: "local" })).error).toBeNull();
    expect(await status(c.session)).toBe(403);
    expect(await status(d.session)).toBe(200);
    expect((await c.client.auth.getSession()).data.session).toBeNull();

    const e = await signedIn(email);
    expect((await d.client.auth.signOut()).error).toBeNull();
    expect(await status(d.session)).toBe(403);
    expect(await status(e.session)).toBe(403);
    // The refresh tokens of ended sessions are gone with them.
    const refresh = await stack.client().auth.refreshSession({ refresh_token: e.session.refresh_token });
    expect(refresh.error).toMatchObject({ status: 400, code: "refresh_token_not_found" });
    const { rowCount } = await stack.owner.query("SELECT 1 FROM auth.sessions WHERE user_id = $1", [e.session.user.id]);
    expect(rowCount).toBe(0);
  });

  it("refuses an unknown logout scope", async () => {
    const email = newEmail("scope");
    await stack.client().auth.signUp({ email, password });
    const { session } = await signedIn(email);
    const response = await raw("/logout?scope=everyone", { method: "POST", token: session.access_token });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "validation_failed",
      message: 'Unsupported logout scope "everyone"',
    });
  });
});
