import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/** The admin user API through supabase-js's `auth.admin`, with the secret key and without. */
describe("Auth admin API", () => {
  let stack: TestSupabase;
  const generous = { limit: 10_000, windowSeconds: 300 };
  beforeAll(async () => {
    stack = await startTestSupabase({ auth: { rateLimits: { signInPerIp: generous, signInPerEmail: generous } } });
  });
  afterAll(() => stack?.stop());

  const newEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = "correct horse battery";
  const admin = () => stack.client({ key: stack.keys.secretKey }).auth.admin;
  const signIn = (email: string, pw = password) => stack.client().auth.signInWithPassword({ email, password: pw });

  let firstAdminId: string;
  it("creates users with the secret key; the first user ever becomes Busymate's admin", async () => {
    const email = newEmail("created");
    const { data, error } = await admin().createUser({
      email,
      password,
      email_confirm: true,
      user_metadata: { name: "Grace" },
      app_metadata: { team: "ops" },
    });
    expect(error).toBeNull();
    expect(data.user).toMatchObject({
      email,
      aud: "authenticated",
      role: "authenticated",
      app_metadata: { provider: "email", providers: ["email"], team: "ops" },
      user_metadata: { name: "Grace", email_verified: true },
    });
    expect(data.user!.email_confirmed_at).toBeTruthy();
    firstAdminId = data.user!.id;
    const { rows } = await stack.owner.query(
      "SELECT r.slug FROM public.user_roles ur JOIN public.roles r ON r.id = ur.role_id WHERE ur.user_id = $1",
      [firstAdminId],
    );
    expect(rows[0].slug).toBe("admin");
    expect((await signIn(email)).error).toBeNull();
  });

  it("creates unconfirmed users, users with a given id, and users from a bcrypt hash", async () => {
    const unconfirmed = newEmail("unconfirmed");
    expect((await admin().createUser({ email: unconfirmed, password })).error).toBeNull();
    expect((await signIn(unconfirmed)).error).toMatchObject({ status: 400, code: "email_not_confirmed" });

    const id = randomUUID();
    const withId = await admin().createUser({ id, email: newEmail("with-id"), email_confirm: true });
    expect(withId.data.user?.id).toBe(id);
    expect((await admin().createUser({ id, email: newEmail("same-id") })).error).toMatchObject({
      status: 409,
      code: "conflict",
    });

    const hashed = newEmail("hashed");
    const { rows } = await stack.owner.query("SELECT extensions.crypt($1, extensions.gen_salt('bf', 4)) AS hash", [
      password,
    ]);
    expect(
      (await admin().createUser({ email: hashed, password_hash: rows[0].hash, email_confirm: true })).error,
    ).toBeNull();
    expect((await signIn(hashed)).error).toBeNull();
  });

  it("refuses a duplicate address and malformed input with GoTrue's codes", async () => {
    const email = newEmail("dup");
    await admin().createUser({ email, password, email_confirm: true });
    expect((await admin().createUser({ email, password })).error).toMatchObject({ status: 422, code: "email_exists" });
    expect((await admin().createUser({ password })).error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Cannot create a user without either an email or phone",
    });
    expect((await admin().createUser({ email: "not an address" })).error).toMatchObject({
      status: 400,
      code: "validation_failed",
      message: "Unable to validate email address: invalid format",
    });
    expect((await admin().createUser({ email: newEmail("x"), password_hash: "plain-text" })).error).toMatchObject({
      status: 400,
      code: "validation_failed",
    });
  });

  it("refuses the admin API to the publishable key and to a user's token: not_admin", async () => {
    const email = newEmail("nosy");
    const created = await admin().createUser({ email, password, email_confirm: true });
    const publishable = stack.client().auth.admin;
    expect((await publishable.createUser({ email: newEmail("x"), password })).error).toMatchObject({
      status: 403,
      code: "not_admin",
      message: "User not allowed",
    });
    expect((await publishable.listUsers()).error).toMatchObject({ status: 403, code: "not_admin" });
    expect((await publishable.deleteUser(created.data.user!.id)).error).toMatchObject({
      status: 403,
      code: "not_admin",
    });

    const { data } = await signIn(email);
    const asUser = stack.client({ accessToken: data.session!.access_token }).auth.admin;
    expect((await asUser.getUserById(created.data.user!.id)).error).toMatchObject({ status: 403, code: "not_admin" });
    expect((await admin().getUserById(created.data.user!.id)).data.user?.email).toBe(email);
  });

  it("lists users page by page, with GoTrue's total and Link header", async () => {
    for (let i = 0; i < 3; i += 1) await admin().createUser({ email: newEmail("listed"), password });
    const { rows } = await stack.owner.query(
      "SELECT count(*)::int AS total FROM auth.users WHERE aud = 'authenticated'",
    );
    const total = rows[0].total as number;

    const { data, error } = await admin().listUsers({ page: 1, perPage: 2 });
    expect(error).toBeNull();
    expect(data).toMatchObject({ aud: "authenticated", total, nextPage: 2, lastPage: Math.ceil(total / 2) });
    expect(data.users).toHaveLength(2);
    // Newest first, as GoTrue sorts by default.
    expect(Date.parse(data.users[0].created_at)).toBeGreaterThanOrEqual(Date.parse(data.users[1].created_at));

    const response = await fetch(`${stack.url}/auth/v1/admin/users?per_page=2&page=1`, {
      headers: { apikey: stack.keys.secretKey },
    });
    expect(response.headers.get("x-total-count")).toBe(String(total));
    expect(response.headers.get("link")).toBe(
      `</admin/users?page=2&per_page=2>; rel="next", </admin/users?page=${Math.ceil(total / 2)}&per_page=2>; rel="last"`,
    );

    const last = await admin().listUsers({ page: Math.ceil(total / 2), perPage: 2 });
    expect(last.data).toMatchObject({ nextPage: null, total });
    const all = await admin().listUsers();
    expect(all.data.users).toHaveLength(total);

    const bad = await fetch(`${stack.url}/auth/v1/admin/users?page=x`, {
      headers: { apikey: stack.keys.secretKey, "X-Supabase-Api-Version": "2024-01-01" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "validation_failed" });
  });

  it("updates a user: metadata merged, password replaced (sessions ended), ban and unban", async () => {
    const email = newEmail("managed");
    const { data: created } = await admin().createUser({
      email,
      password,
      email_confirm: true,
      user_metadata: { a: 1 },
    });
    const id = created.user!.id;
    const session = (await signIn(email)).data.session!;

    const updated = await admin().updateUserById(id, {
      user_metadata: { b: 2 },
      app_metadata: { plan: "pro" },
      password: "replaced passphrase",
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user).toMatchObject({
      user_metadata: { a: 1, b: 2 },
      app_metadata: { plan: "pro", provider: "email" },
    });
    const user = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.keys.publishableKey, Authorization: `Bearer ${session.access_token}` },
    });
    expect(user.status).toBe(403);
    expect((await signIn(email)).error?.code).toBe("invalid_credentials");
    expect((await signIn(email, "replaced passphrase")).error).toBeNull();

    expect((await admin().updateUserById(id, { ban_duration: "1h30m" })).data.user?.banned_until).toBeTruthy();
    expect((await signIn(email, "replaced passphrase")).error).toMatchObject({ status: 400, code: "user_banned" });
    expect((await admin().updateUserById(id, { ban_duration: "none" })).error).toBeNull();
    expect((await signIn(email, "replaced passphrase")).error).toBeNull();
    expect((await admin().updateUserById(id, { ban_duration: "soon" })).error).toMatchObject({
      status: 400,
      code: "validation_failed",
    });
    expect((await admin().updateUserById(randomUUID(), { user_metadata: {} })).error).toMatchObject({
      status: 404,
      code: "user_not_found",
    });
  });

  it("deletes a user with everything of theirs, or soft-deletes keeping the row", async () => {
    const email = newEmail("deleted");
    const { data: created } = await admin().createUser({ email, password, email_confirm: true });
    const id = created.user!.id;
    await signIn(email);
    const { data, error } = await admin().deleteUser(id);
    expect(error).toBeNull();
    expect(data.user?.id).toBe(id);
    expect((await admin().getUserById(id)).error).toMatchObject({ status: 404, code: "user_not_found" });
    const { rows } = await stack.owner.query(
      "SELECT (SELECT count(*) FROM auth.sessions WHERE user_id = $1)::int AS sessions, (SELECT count(*) FROM public.user_roles WHERE user_id = $1)::int AS roles",
      [id],
    );
    expect(rows[0]).toEqual({ sessions: 0, roles: 0 });
    expect((await signIn(email)).error?.code).toBe("invalid_credentials");

    const soft = newEmail("soft");
    const { data: softUser } = await admin().createUser({ email: soft, password, email_confirm: true });
    expect((await admin().deleteUser(softUser.user!.id, true)).error).toBeNull();
    expect((await admin().getUserById(softUser.user!.id)).data.user).toMatchObject({
      email: "",
      deleted_at: expect.any(String),
    });
    expect((await signIn(soft)).error?.code).toBe("invalid_credentials");
    // The address is free again.
    expect((await admin().createUser({ email: soft, password })).error).toBeNull();
  });

  it("refuses to delete the last admin while others remain, as the database requires", async () => {
    const response = await fetch(`${stack.url}/auth/v1/admin/users/${firstAdminId}`, {
      method: "DELETE",
      headers: { apikey: stack.keys.secretKey, "X-Supabase-Api-Version": "2024-01-01" },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      code: "conflict",
      message: "The last admin cannot be demoted or removed.",
    });
    expect((await admin().getUserById(firstAdminId)).error).toBeNull();
  });
});
