import { randomBytes } from "node:crypto";
import { generateSigningKey } from "@/lib/auth/token-keys";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LauncherConfig } from "@/lib/config";
import { connectionUrl } from "./postgres";

/**
 * Per-install secrets of the embedded stack. They are generated on the first start and
 * then read back from `local.env`, which is the one place they live: never a fixed
 * string in the repository.
 */
export interface LocalSecrets {
  BUSYMATE_DB_PASSWORD: string;
  SUPABASE_JWT_SECRET: string;
  /**
   * The ES256 signing key Busymate signs its tokens with (a private JWK, as JSON). The embedded
   * project has "imported" it and rotated to it, as docs/production-setup.md has an operator do.
   */
  BUSYMATE_JWT_SIGNING_KEY: string;
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: string;
  SUPABASE_SECRET_KEY: string;
  BUSYMATE_ADMIN_PASSWORD: string;
  BUSYMATE_MEMBER_PASSWORD: string;
}

const token = (bytes: number) => randomBytes(bytes).toString("base64url");

function generateSecrets(adminPassword: string | undefined): LocalSecrets {
  return {
    BUSYMATE_DB_PASSWORD: token(24),
    SUPABASE_JWT_SECRET: token(48),
    BUSYMATE_JWT_SIGNING_KEY: JSON.stringify(generateSigningKey()),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: `sb_publishable_${token(24)}`,
    SUPABASE_SECRET_KEY: `sb_secret_${token(24)}`,
    BUSYMATE_ADMIN_PASSWORD: adminPassword ?? token(12),
    BUSYMATE_MEMBER_PASSWORD: token(12),
  };
}

/** The demo member the first run creates beside the admin. */
export const DEMO_MEMBER_EMAIL = "member@busymate.local";

export function localEnvPath(home: string): string {
  return path.join(home, "local.env");
}

/** Parses the KEY=VALUE lines this module writes (and `.env`-style comments). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (match) out[match[1]] = match[2].replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
  }
  return out;
}

export async function loadOrCreateSecrets(
  home: string,
  adminPassword: string | undefined,
): Promise<{ secrets: LocalSecrets; created: boolean }> {
  const file = localEnvPath(home);
  const fresh = generateSecrets(adminPassword);
  if (!existsSync(file)) return { secrets: fresh, created: true };
  const saved = parseEnvFile(await readFile(file, "utf8"));
  // Keep every secret already issued; fill in any a newer version added.
  const secrets = Object.fromEntries(
    Object.entries(fresh).map(([key, value]) => [key, saved[key] || value]),
  ) as unknown as LocalSecrets;
  return { secrets, created: false };
}

/** Every URL, key and secret of the local stack, under the names production uses. */
export function localEnvironment(config: LauncherConfig, secrets: LocalSecrets): Record<string, string> {
  const appUrl = config.BUSYMATE_APP_URL ?? `http://${config.HOST}:${config.PORT}`;
  return {
    BUSYMATE_MODE: "embedded",
    BUSYMATE_APP_URL: appUrl,
    DATABASE_URL: connectionUrl(config.DB_PORT, secrets.BUSYMATE_DB_PASSWORD),
    NEXT_PUBLIC_SUPABASE_URL: `http://127.0.0.1:${config.SUPABASE_LOCAL_PORT}`,
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: secrets.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
    SUPABASE_SECRET_KEY: secrets.SUPABASE_SECRET_KEY,
    SUPABASE_JWT_SECRET: secrets.SUPABASE_JWT_SECRET,
    BUSYMATE_JWT_SIGNING_KEY: secrets.BUSYMATE_JWT_SIGNING_KEY,
    BUSYMATE_ADMIN_EMAIL: config.BUSYMATE_ADMIN_EMAIL,
    BUSYMATE_ADMIN_PASSWORD: secrets.BUSYMATE_ADMIN_PASSWORD,
    BUSYMATE_MEMBER_EMAIL: DEMO_MEMBER_EMAIL,
    BUSYMATE_MEMBER_PASSWORD: secrets.BUSYMATE_MEMBER_PASSWORD,
    BUSYMATE_DB_PASSWORD: secrets.BUSYMATE_DB_PASSWORD,
  };
}

export async function writeLocalEnv(home: string, env: Record<string, string>): Promise<string> {
  const file = localEnvPath(home);
  const body = [
    "# Busymate local stack: written by `npm start` on every start. Secrets are generated per install.",
    "# Source it to talk to the local stack from a shell:  set -a; . ./.busymate/local.env; set +a",
    // JSON values are single-quoted so a shell that sources the file keeps their double quotes.
    ...Object.entries(env).map(([key, value]) => `${key}=${value.startsWith("{") ? `'${value}'` : value}`),
    "",
  ].join("\n");
  await writeFile(file, body, { mode: 0o600 });
  return file;
}
