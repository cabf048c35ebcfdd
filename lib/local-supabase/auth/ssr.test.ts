import { randomUUID } from "node:crypto";
import { createServerClient } from "@supabase/ssr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/**
 * @supabase/ssr's server client against the stand-in: the session goes into cookies (chunked
 * once it passes 3180 characters) and a second server client, given only those cookies, is
 * signed in, as one request after another in an SSR app.
 */
class CookieJar {
  readonly cookies = new Map<string, string>();
  getAll = () => [...this.cookies].map(([name, value]) => ({ name, value }));
  setAll = (cookies: { name: string; value: string; options: { maxAge?: number } }[]) => {
    for (const { name, value, options } of cookies) {
      if (options.maxAge === 0 || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  };
  names = () => [...this.cookies.keys()].sort();
}

describe("@supabase/ssr cookie sessions", () => {
  let stack: TestSupabase;
  beforeAll(async () => {
    stack = await startTestSupabase();
  });
  afterAll(() => stack?.stop());

  const password = "correct horse battery";
  /** The cookie name supabase-js derives from the URL's first host label: 127.0.0.1 → `sb-127-auth-token`. */
  const cookieName = "sb-127-auth-token";
  const serverClient = (jar: CookieJar) =>
    createServerClient(stack.url, stack.keys.publishableKey, { cookies: { getAll: jar.getAll, setAll: jar.setAll } });

  /** The session a cookie set holds, read back the way @supabase/ssr writes it. */
  const decodeSession = (jar: CookieJar) => {
    const value =
      jar.cookies.get(cookieName) ??
      jar
        .names()
        .filter((name) => name.startsWith(`${cookieName}.`))
        .map((name) => jar.cookies.get(name))
        .join("");
    expect(value.startsWith("base64-")).toBe(true);
    return JSON.parse(Buffer.from(value.slice("base64-".length), "base64url").toString("utf8"));
  };

  async function signUpAndIn(data: Record<string, unknown>) {
    const email = `ssr-${randomUUID().slice(0, 8)}@example.com`;
    expect((await stack.client().auth.signUp({ email, password, options: { data } })).error).toBeNull();
    const jar = new CookieJar();
    const { error } = await serverClient(jar).auth.signInWithPassword({ email, password });
    expect(error).toBeNull();
    return { email, jar };
  }

  it("writes a small session into one cookie that a second server client signs in with", async () => {
    const { email, jar } = await signUpAndIn({ name: "Lin" });
    expect(jar.names()).toEqual([cookieName]);
    expect(Object.keys(decodeSession(jar))).toEqual([
      "access_token",
      "token_type",
      "expires_in",
      "expires_at",
      "refresh_token",
      "user",
    ]);

    const next = serverClient(jar);
    const { data, error } = await next.auth.getUser();
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    const claims = await next.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.claims).toMatchObject({
      email,
      role: "authenticated",
      aud: "authenticated",
      iss: `${stack.url}/auth/v1`,
    });
  });

  it("chunks a large session across cookies and reads it back whole", async () => {
    const bio = "x".repeat(4000);
    const { email, jar } = await signUpAndIn({ bio });
    const names = jar.names();
    // The access token, the user's metadata and its identity all carry the bio: several chunks, no unchunked cookie.
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual(Array.from({ length: names.length }, (_, i) => `${cookieName}.${i}`).sort());
    for (const name of names.slice(0, -1)) expect(encodeURIComponent(jar.cookies.get(name)!).length).toBe(3180);
    expect(decodeSession(jar).user.user_metadata.bio).toBe(bio);

    const next = serverClient(jar);
    const { data, error } = await next.auth.getUser();
    expect(error).toBeNull();
    expect(data.user).toMatchObject({ email, user_metadata: { bio } });
    const claims = await next.auth.getClaims();
    expect(claims.error).toBeNull();
    expect(claims.data?.claims.user_metadata).toMatchObject({ bio });
  });

  it("writes the rotated session back on refresh, and clears every cookie on sign-out", async () => {
    const { email, jar } = await signUpAndIn({ bio: "y".repeat(4000) });
    const before = decodeSession(jar);

    const refreshed = await serverClient(jar).auth.refreshSession();
    expect(refreshed.error).toBeNull();
    const after = decodeSession(jar);
    expect(after.refresh_token).toBe(refreshed.data.session!.refresh_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect((await serverClient(jar).auth.getUser()).data.user?.email).toBe(email);

    expect((await serverClient(jar).auth.signOut()).error).toBeNull();
    expect(jar.names()).toEqual([]);
    const { data, error } = await serverClient(jar).auth.getUser();
    expect(data.user).toBeNull();
    expect(error?.name).toBe("AuthSessionMissingError");
    // The server ended the session too: the old access token is refused.
    const response = await fetch(`${stack.url}/auth/v1/user`, {
      headers: { apikey: stack.keys.publishableKey, Authorization: `Bearer ${after.access_token}` },
    });
    expect(response.status).toBe(403);
  });
});
