import { createClient, type RealtimeChannel, type SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import { secretBytes } from "../keys";
import type { TestSupabase } from "@/lib/testing/local-supabase";

/**
 * Shared by the Realtime tests: user tokens signed as GoTrue signs them (the Auth service is
 * not needed), supabase-js clients on either protocol version, and waits that poll for a
 * condition instead of sleeping a fixed time.
 */

export async function userToken(
  stack: Pick<TestSupabase, "keys">,
  sub: string,
  expiresInSeconds = 3600,
): Promise<string> {
  return new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(secretBytes(stack.keys.jwtSecret));
}

export interface ClientOptions {
  vsn?: "1.0.0" | "2.0.0";
  token?: string;
  url?: string;
}

const open: SupabaseClient[] = [];

/**
 * A supabase-js client on the publishable key. With a token, `setAuth` has finished before
 * this resolves: a channel subscribed while it is still pending joins without the token
 * (as the anon key), exactly as against Supabase, and a private join would be refused.
 */
export async function realtimeClient(
  stack: Pick<TestSupabase, "url" | "keys">,
  { vsn = "2.0.0", token, url = stack.url }: ClientOptions = {},
): Promise<SupabaseClient> {
  const client = createClient(url, stack.keys.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { vsn, heartbeatIntervalMs: 5_000 },
  });
  open.push(client);
  if (token) await client.realtime.setAuth(token);
  return client;
}

/** Disconnects every client the helpers made (afterEach/afterAll). */
export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((client) => client.removeAllChannels().catch(() => undefined)));
}

export type SubscribeResult = { status: string; error?: Error };

/** Subscribes and resolves with the first final status: SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT or CLOSED. */
export function subscribe(channel: RealtimeChannel): Promise<SubscribeResult> {
  return new Promise((resolve) => {
    let settled = false;
    channel.subscribe((status, error) => {
      if (settled) return;
      settled = true;
      resolve({ status, error });
    });
  });
}

export async function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const result = await subscribe(channel);
  if (result.status !== "SUBSCRIBED")
    throw new Error(`channel ${channel.topic}: ${result.status} ${result.error?.message ?? ""}`);
  return channel;
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Gives in-flight messages time to arrive, for assertions that something did NOT arrive. */
export async function settle(ms = 300): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
