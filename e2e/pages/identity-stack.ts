import { readFileSync } from "node:fs";
import path from "node:path";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { parseEnvFile } from "@/lib/embedded/local-env";

/** What identity specs need from the running stack: its local.env (global setup exports the home). */
export interface IdentityStack {
  appUrl: string;
  supabaseUrl: string;
  publishableKey: string;
  databaseUrl: string;
  admin: { email: string; password: string };
  member: { email: string; password: string };
}

export function identityStack(): IdentityStack {
  const home = process.env.BUSYMATE_E2E_HOME;
  const appUrl = process.env.BUSYMATE_E2E_URL;
  if (!home || !appUrl)
    throw new Error(
      "BUSYMATE_E2E_HOME / BUSYMATE_E2E_URL are not set: run through playwright.config.ts (e2e/global-setup.ts).",
    );
  const env = parseEnvFile(readFileSync(path.join(home, "local.env"), "utf8"));
  return {
    appUrl,
    supabaseUrl: env.NEXT_PUBLIC_SUPABASE_URL,
    publishableKey: env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    databaseUrl: env.DATABASE_URL,
    admin: { email: env.BUSYMATE_ADMIN_EMAIL, password: env.BUSYMATE_ADMIN_PASSWORD },
    member: { email: env.BUSYMATE_MEMBER_EMAIL, password: env.BUSYMATE_MEMBER_PASSWORD },
  };
}

/** The database owner, for assertions only (bypasses RLS). */
export function ownerPool(stack: IdentityStack): pg.Pool {
  const pool = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
  pool.on("error", () => undefined);
  return pool;
}

/** supabase-js as an integrator holding a Busymate access token. */
export function supabaseWithToken(stack: IdentityStack, token: string): SupabaseClient {
  return createClient(stack.supabaseUrl, stack.publishableKey, {
    accessToken: async () => token,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
