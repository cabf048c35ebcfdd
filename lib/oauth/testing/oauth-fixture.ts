import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { createServerClient } from "@supabase/ssr";
import pg from "pg";
import { freePort } from "@/lib/embedded/ports";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import type { OAuthDispatcher } from "../dispatcher";
import { createIdentityMount } from "../mount";
import type { OAuthProviderOptions } from "../provider";
import { TestBrowser } from "./browser";

/**
 * The identity mount as the custom server has it (first-party token and the authorization
 * server on a real HTTP port),
 * over a throwaway database and the local Supabase stand-in (whose Auth signs people in), for
 * tests that walk the OAuth flow over HTTP. Next is not running: where the dashboard's consent
 * page would be, tests post its form themselves.
 */
export interface OAuthFixture {
  origin: string;
  supabase: TestSupabase;
  pool: pg.Pool;
  dispatcher: OAuthDispatcher;
  /** A person with a password, signed in to Supabase Auth in a fresh browser. */
  signedIn(email: string, roleSlug?: string): Promise<{ person: Person; browser: TestBrowser }>;
  stop(): Promise<void>;
}

export const TEST_PASSWORD = "correct horse battery staple";

export async function startOAuthFixture(
  options: Pick<OAuthProviderOptions, "fetch" | "allowLoopbackFetch"> = {},
): Promise<OAuthFixture> {
  const supabase = await startTestSupabase();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // What the launcher provides the app process; read once by lib/config.
  Object.assign(process.env, {
    BUSYMATE_APP_URL: origin,
    DATABASE_URL: supabase.postgres.url,
    NEXT_PUBLIC_SUPABASE_URL: supabase.url,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: supabase.keys.publishableKey,
    SUPABASE_SECRET_KEY: supabase.keys.secretKey,
    ...supabase.tokenEnv,
  });
  // The first person ever becomes the admin; make that someone, so people made later get the roles they ask for.
  await createPerson(supabase.owner, "first-admin@example.com", undefined, TEST_PASSWORD);
  const pool = new pg.Pool({ connectionString: supabase.postgres.url, max: 8 });
  pool.on("error", () => undefined);
  const mount = createIdentityMount({
    appUrl: origin,
    tokenKeys: supabase.tokenKeys,
    jwtSecret: supabase.keys.jwtSecret,
    supabaseUrl: supabase.url,
    publishableKey: supabase.keys.publishableKey,
    pool,
    fetch: options.fetch,
    allowLoopbackFetch: options.allowLoopbackFetch,
  });
  const dispatcher = mount.dispatcher;
  const server = http.createServer((req, res) => {
    if (mount.handle(req, res)) return;
    res.statusCode = 404;
    res.end(`not an OAuth path: ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

  return {
    origin,
    supabase,
    pool,
    dispatcher,
    async signedIn(email, roleSlug) {
      const person = await createPerson(supabase.owner, email, roleSlug, TEST_PASSWORD);
      const browser = new TestBrowser(origin);
      const client = createServerClient(supabase.url, supabase.keys.publishableKey, {
        cookies: {
          getAll: () => [],
          setAll: (list) => list.forEach(({ name, value }) => browser.setCookie(name, value)),
        },
      });
      const { error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
      if (error) throw error;
      return { person, browser };
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await dispatcher.close();
      await pool.end();
      await supabase.stop();
    },
  };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface RegisteredClient {
  client_id: string;
  redirect_uris: string[];
  [key: string]: unknown;
}

export async function registerClient(
  origin: string,
  metadata: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ status: number; body: RegisteredClient & { error?: string; error_description?: string } }> {
  const response = await fetch(`${origin}/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({
      client_name: "Test MCP Client",
      redirect_uris: ["http://127.0.0.1:33418/callback"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      application_type: "native",
      ...metadata,
    }),
  });
  return { status: response.status, body: await response.json() };
}

export function authorizeUrl(origin: string, params: Record<string, string | undefined>): string {
  const url = new URL(`${origin}/oauth/authorize`);
  for (const [key, value] of Object.entries({
    response_type: "code",
    state: randomBytes(8).toString("hex"),
    ...params,
  })) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.href;
}

/** Follows an authorization request until it reaches the consent page; returns the interaction uid. */
export async function untilConsent(browser: TestBrowser, url: string): Promise<string> {
  const { location, response } = await browser.follow(url, (next) => new URL(next).pathname.startsWith("/consent/"));
  if (!location) throw new Error(`no consent page: ${response.status} ${await response.text()}`);
  return new URL(location).pathname.split("/")[2];
}

/** Posts the consent page's form and follows on to the client's redirect URI; returns that URL. */
export async function giveConsent(
  browser: TestBrowser,
  uid: string,
  access: "read" | "write",
  redirectPrefix: string,
): Promise<URL> {
  const posted = await browser.postForm(`/interaction/${uid}/consent`, { access });
  const next = posted.headers.get("location");
  if (!next) throw new Error(`consent refused: ${posted.status} ${await posted.text()}`);
  if (next.startsWith(redirectPrefix)) return new URL(next);
  const { location, response } = await browser.follow(next, (to) => to.startsWith(redirectPrefix));
  if (!location) throw new Error(`no redirect back to the client: ${response.status} ${await response.text()}`);
  return new URL(location);
}

export async function tokenRequest(
  origin: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, body: await response.json() };
}
