import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { tokenKeysFromEnv, type TokenKeys } from "@/lib/auth/token-keys";
import { parseEnvFile } from "@/lib/embedded/local-env";

/**
 * The running stack's addresses and secrets, read from its local.env (e2e/global-setup.ts
 * starts it and exports its home and URL).
 */
export interface StackData {
  appUrl: string;
  databaseUrl: string;
  supabaseUrl: string;
  publishableKey: string;
  jwtSecret: string;
  /** What the app signs its tokens with (the embedded stack: its ES256 signing key). */
  tokenKeys: TokenKeys;
  admin: { email: string; password: string };
  member: { email: string; password: string };
}

export function stackData(): StackData {
  const home = process.env.BUSYMATE_E2E_HOME;
  const appUrl = process.env.BUSYMATE_E2E_URL;
  if (!home || !appUrl)
    throw new Error(
      "BUSYMATE_E2E_HOME / BUSYMATE_E2E_URL are not set: run through playwright.config.ts (e2e/global-setup.ts).",
    );
  return stackDataFrom(parseEnvFile(readFileSync(path.join(home, "local.env"), "utf8")), appUrl);
}

/** The same, from a parsed local.env (the feed benchmark starts its own stack). */
export function stackDataFrom(env: Record<string, string>, appUrl: string): StackData {
  return {
    appUrl,
    databaseUrl: env.DATABASE_URL,
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL,
    publishableKey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    jwtSecret: env.SUPABASE_JWT_SECRET,
    tokenKeys: tokenKeysFromEnv(env)!,
    admin: { email: env.BUSYMATE_ADMIN_EMAIL, password: env.BUSYMATE_ADMIN_PASSWORD },
    member: { email: env.BUSYMATE_MEMBER_EMAIL, password: env.BUSYMATE_MEMBER_PASSWORD },
  };
}

/** The database owner (bypasses RLS), for setup and for the numbers the UI must agree with. */
export function ownerPool(stack: StackData): pg.Pool {
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  pool.on("error", () => undefined);
  return pool;
}

/** supabase-js as an integrator holding a Busymate access token. */
export function supabaseWithToken(stack: StackData, token: string): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.publishableKey, {
    accessToken: async () => token,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
