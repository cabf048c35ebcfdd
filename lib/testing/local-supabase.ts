import { randomBytes } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { startLocalSupabase, type LocalSupabase } from "@/lib/local-supabase";
import type { AuthServiceOverrides } from "@/lib/local-supabase/auth/options";
import { createApiKeys, type ApiKeys } from "@/lib/local-supabase/keys";
import { createSigningKey, publicJwk, type SigningKeys } from "@/lib/local-supabase/signing-keys";
import type { TokenKeys } from "@/lib/auth/token-keys";
import { freePort } from "@/lib/embedded/ports";
import { startTempPostgres, type TempPostgres } from "./temp-postgres";

/**
 * A throwaway embedded PostgreSQL (all migrations applied) with the local Supabase stand-in
 * in front of it, for tests that drive the real supabase-js against it. `owner` bypasses
 * RLS and is for setup and assertions only.
 */
export interface TestSupabase {
  url: string;
  keys: ApiKeys;
  owner: pg.Pool;
  postgres: TempPostgres;
  standIn: LocalSupabase;
  /**
   * How the project signs JWTs: `legacy` (the HS256 secret only) or `asymmetric` (an ES256
   * signing key, legacy secret still accepted, as a Supabase project that migrated).
   */
  signing: JwtSigningMode;
  /**
   * What Busymate signs its own tokens with against this project, as production configures it:
   * the legacy secret, or in asymmetric mode the key the project imported and rotated to (its
   * current key; the project's first key stays trusted as previously used).
   */
  tokenKeys: TokenKeys;
  /** The same as the environment variables the app reads (lib/config). */
  tokenEnv: Record<string, string>;
  /** Lines the stand-in logged, newest last. */
  log: string[];
  /** A supabase-js client with the publishable key and no session persistence. */
  client(options?: { key?: string; accessToken?: string }): SupabaseClient;
  stop(): Promise<void>;
}

const randomKey = (prefix: string) => `${prefix}${randomBytes(18).toString("base64url")}`;

export type JwtSigningMode = "legacy" | "asymmetric";

/**
 * The signing mode of stacks that do not ask for one: `BUSYMATE_TEST_JWT_SIGNING=asymmetric`
 * runs a suite against a project with signing keys, so every suite can run in both modes.
 */
export function defaultSigningMode(): JwtSigningMode {
  return process.env.BUSYMATE_TEST_JWT_SIGNING === "asymmetric" ? "asymmetric" : "legacy";
}

export async function startTestSupabase(
  options: {
    auth?: AuthServiceOverrides;
    restSchemas?: string[];
    signing?: JwtSigningMode;
    /** Exact signing keys for an asymmetric project (imported keys, a revoked legacy secret). */
    signingKeys?: SigningKeys;
  } = {},
): Promise<TestSupabase> {
  const signing = options.signingKeys ? "asymmetric" : (options.signing ?? defaultSigningMode());
  const postgres = await startTempPostgres();
  const keys = await createApiKeys({
    jwtSecret: randomBytes(40).toString("base64url"),
    publishableKey: randomKey("sb_publishable_"),
    secretKey: randomKey("sb_secret_"),
    signing:
      options.signingKeys ??
      (signing === "asymmetric"
        ? {
            current: await createSigningKey(),
            trusted: [publicJwk(await createSigningKey())],
            legacySecretAccepted: true,
          }
        : undefined),
  });
  const tokenKeys: TokenKeys = keys.signing
    ? { mode: "asymmetric", current: keys.signing.current, trusted: [] }
    : { mode: "legacy", secret: keys.jwtSecret };
  const tokenEnv: Record<string, string> = {
    SUPABASE_JWT_SECRET: keys.jwtSecret,
    ...(tokenKeys.mode === "asymmetric" ? { BUSYMATE_JWT_SIGNING_KEY: JSON.stringify(tokenKeys.current) } : {}),
  };
  const log: string[] = [];
  const standIn = await startLocalSupabase({
    mode: "embedded",
    host: "127.0.0.1",
    port: await freePort(),
    databaseUrl: postgres.url,
    keys,
    log: (line) => log.push(line),
    auth: options.auth,
    restSchemas: options.restSchemas,
  });
  const owner = new pg.Pool({ connectionString: postgres.url, max: 4 });
  // stop() ends this pool, then PostgreSQL: pool.end() resolves before its idle connections have
  // closed, so one may still receive the shutdown notice, which the pool re-emits as an 'error'
  // that must not surface as an uncaught exception.
  owner.on("error", () => undefined);
  return {
    url: standIn.url,
    keys,
    signing,
    tokenKeys,
    tokenEnv,
    owner,
    postgres,
    standIn,
    log,
    client({ key = keys.publishableKey, accessToken } = {}) {
      return createClient(standIn.url, key, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        ...(accessToken ? { global: { headers: { Authorization: `Bearer ${accessToken}` } } } : {}),
      });
    },
    async stop() {
      await owner.end();
      await standIn.close();
      await postgres.stop();
    },
  };
}
