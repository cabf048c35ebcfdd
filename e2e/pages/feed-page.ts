import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import pg from "pg";
import { parseEnvFile } from "@/lib/embedded/local-env";

/** The capture feed at /feed: filters, the live list, the status bar and the detail pane. */
export class FeedPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/feed${query}`);
    await expect(this.list().or(this.page.getByRole("status").filter({ hasText: /No captures/ }))).toBeVisible();
  }

  list(): Locator {
    return this.page.getByTestId("feed-list");
  }

  rows(): Locator {
    return this.list().getByRole("option");
  }

  row(id: number): Locator {
    return this.list().locator(`[data-entry-id="${id}"]`);
  }

  total(): Locator {
    return this.page.getByTestId("feed-total");
  }

  async expectTotal(n: number) {
    await expect(this.total()).toHaveText(`${n.toLocaleString("en-US")} ${n === 1 ? "capture" : "captures"}`);
  }

  /** Waits until the Broadcast channels are joined, so a capture sent now is pushed here. */
  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  async search(text: string) {
    await this.page.getByTestId("feed-search").fill(text);
    await this.page.getByTestId("feed-search").press("Enter");
  }

  detail(): Locator {
    return this.page.getByTestId("entry-detail");
  }

  async openTab(name: "Request" | "Response" | "Timing & connection") {
    await this.detail().getByRole("tab", { name }).click();
  }

  curlCommand(): Locator {
    return this.detail().getByTestId("curl-command");
  }
}

/** Signs in through the dashboard's sign-in page (the identity work's), landing on `next`. */
export async function signIn(page: Page, email: string, password: string, next = "/feed") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/**
 * The running stack's secrets and addresses, read from its local.env (the e2e global setup
 * exports the throwaway home as BUSYMATE_E2E_HOME).
 */
export interface StackData {
  databaseUrl: string;
  supabaseUrl: string;
  publishableKey: string;
  jwtSecret: string;
  admin: { email: string; password: string };
  member: { email: string; password: string };
}

export function stackData(): StackData {
  const home = process.env.BUSYMATE_E2E_HOME;
  if (!home) throw new Error("BUSYMATE_E2E_HOME is not set: e2e/global-setup.ts must export the stack's home.");
  return stackDataFrom(parseEnvFile(readFileSync(path.join(home, "local.env"), "utf8")));
}

/** The same, from a parsed local.env (the benchmark starts its own stack). */
export function stackDataFrom(env: Record<string, string>): StackData {
  return {
    databaseUrl: env.DATABASE_URL,
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL,
    publishableKey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    jwtSecret: env.SUPABASE_JWT_SECRET,
    admin: { email: env.BUSYMATE_ADMIN_EMAIL, password: env.BUSYMATE_ADMIN_PASSWORD },
    member: { email: env.BUSYMATE_MEMBER_EMAIL, password: env.BUSYMATE_MEMBER_PASSWORD },
  };
}

/** The database owner, for test setup and for the numbers the UI must agree with. */
export function ownerPool(stack: StackData): pg.Pool {
  return new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
}

/** A device token as a paired device holds one: role `device`, its uuid in `device_uuid`. */
export async function deviceToken(stack: StackData, deviceUuid: string): Promise<string> {
  return new SignJWT({ role: "device", device_uuid: deviceUuid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(deviceUuid)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(stack.jwtSecret));
}

/**
 * Writes through the REST API as the device itself, exactly as the CLI or the iOS app would.
 * A device may write captures but not read them back, so nothing is returned.
 */
export async function restAsDevice(
  stack: StackData,
  deviceUuid: string,
  table: string,
  body: unknown,
  prefer = "return=minimal",
): Promise<void> {
  const response = await fetch(`${stack.supabaseUrl}/rest/v1/${table}`, {
    method: "POST",
    headers: {
      apikey: stack.publishableKey,
      authorization: `Bearer ${await deviceToken(stack, deviceUuid)}`,
      "content-type": "application/json",
      prefer,
    },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`POST /rest/v1/${table} as device answered ${response.status}: ${await response.text()}`);
}

/** A capture as a device uploads it; returns its id (looked up as the owner: a device cannot read captures). */
export async function captureAsDevice(
  stack: StackData,
  db: pg.Pool,
  deviceUuid: string,
  target: string,
  { method = "GET", status = 200 } = {},
): Promise<number> {
  // Unique, so the id can be found again; host and path stay as given.
  const url = `${target}${target.includes("?") ? "&" : "?"}e2e=${randomUUID()}`;
  const payload = {
    startedAt: new Date().toISOString(),
    source: "vpn",
    request: { method, url, httpVersion: "HTTP/2", headers: [{ name: "accept", value: "application/json" }] },
    response: {
      status,
      statusText: "OK",
      httpVersion: "HTTP/2",
      headers: [{ name: "content-type", value: "application/json" }],
      body: { encoding: "text", content: '{"ok":true}', size: 11, mimeType: "application/json", truncated: false },
    },
    durationMs: 42,
  };
  await restAsDevice(stack, deviceUuid, "entries", { ts: new Date().toISOString(), device_uuid: deviceUuid, payload });
  const { rows } = await db.query<{ id: string }>("SELECT id FROM public.entries WHERE device_uuid = $1 AND url = $2", [
    deviceUuid,
    url,
  ]);
  return Number(rows[0].id);
}

/** A person as GoTrue stores one (bcrypt password), with the default role unless told otherwise. */
export async function createPerson(
  pool: pg.Pool,
  label: string,
): Promise<{ id: string; email: string; password: string }> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@e2e.busymate.local`;
  const password = `pw-${randomUUID()}`;
  await pool.query(
    `INSERT INTO auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     VALUES ($1, 'authenticated', 'authenticated', $2, extensions.crypt($3, extensions.gen_salt('bf', 4)), now(),
             '{"provider":"email","providers":["email"]}', jsonb_build_object('name', $4::text), now(), now())`,
    [id, email, password, label],
  );
  await pool.query(
    `INSERT INTO auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
     VALUES ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text), 'email', now(), now())`,
    [id, email],
  );
  return { id, email, password };
}

export async function createDevice(
  pool: pg.Pool,
  ownerId: string,
  name: string,
  { heartbeatAgo = "10 minutes" } = {},
): Promise<string> {
  const { rows } = await pool.query<{ uuid: string }>(
    "INSERT INTO public.devices (name, os, kind, owner_user_id) VALUES ($1, 'iOS 26.1', 'ios', $2) RETURNING uuid",
    [name, ownerId],
  );
  await pool.query(
    "INSERT INTO public.device_status (device_uuid, last_heartbeat_at, ip, vpn_state, source, country) VALUES ($1, now() - $2::interval, '10.8.0.9', 'connected', 'vpn', 'DE')",
    [rows[0].uuid, heartbeatAgo],
  );
  return rows[0].uuid;
}
