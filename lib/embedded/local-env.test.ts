import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLauncherConfig } from "@/lib/config";
import { loadOrCreateSecrets, localEnvironment, parseEnvFile, writeLocalEnv } from "@/lib/embedded/local-env";
import { readFile, stat } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { signingKeySchema } from "@/lib/auth/token-keys";

describe("local.env", () => {
  it("generates different secrets per install and keeps them across starts", async () => {
    const homeA = mkdtempSync(path.join(os.tmpdir(), "busymate-env-"));
    const homeB = mkdtempSync(path.join(os.tmpdir(), "busymate-env-"));
    const config = readLauncherConfig({});
    const first = await loadOrCreateSecrets(homeA, undefined);
    expect(first.created).toBe(true);
    await writeLocalEnv(homeA, localEnvironment(config, first.secrets));

    const again = await loadOrCreateSecrets(homeA, undefined);
    expect(again.created).toBe(false);
    expect(again.secrets).toEqual(first.secrets);

    const other = await loadOrCreateSecrets(homeB, undefined);
    expect(other.secrets.SUPABASE_JWT_SECRET).not.toBe(first.secrets.SUPABASE_JWT_SECRET);
    expect(first.secrets.SUPABASE_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("writes every variable a script needs under production's names", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "busymate-env-"));
    const config = readLauncherConfig({
      PORT: "4010",
      DB_PORT: "4011",
      SUPABASE_LOCAL_PORT: "4012",
      BUSYMATE_ADMIN_PASSWORD: "correct horse battery",
    });
    const { secrets } = await loadOrCreateSecrets(home, config.BUSYMATE_ADMIN_PASSWORD);
    const file = await writeLocalEnv(home, localEnvironment(config, secrets));
    const env = parseEnvFile(await readFile(file, "utf8"));
    expect(env).toMatchObject({
      BUSYMATE_APP_URL: "http://127.0.0.1:4010",
      NEXT_PUBLIC_SUPABASE_URL: "http://127.0.0.1:4012",
      BUSYMATE_ADMIN_EMAIL: "admin@busymate.local",
      BUSYMATE_ADMIN_PASSWORD: "correct horse battery",
    });
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/postgres:.+@127\.0\.0\.1:4011\/postgres$/);
    expect(env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY).toMatch(/^sb_publishable_/);
    expect(env.SUPABASE_SECRET_KEY).toMatch(/^sb_secret_/);
    expect(env.SUPABASE_JWT_SECRET).toBe(secrets.SUPABASE_JWT_SECRET);
  });

  it("makes one ES256 signing key per install, keeps it, and writes it so a shell that sources the file reads it intact", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "busymate-env-"));
    const { secrets } = await loadOrCreateSecrets(home, undefined);
    const key = signingKeySchema.parse(secrets.BUSYMATE_JWT_SIGNING_KEY);
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
    const file = await writeLocalEnv(home, localEnvironment(readLauncherConfig({}), secrets));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(parseEnvFile(await readFile(file, "utf8")).BUSYMATE_JWT_SIGNING_KEY).toBe(secrets.BUSYMATE_JWT_SIGNING_KEY);
    expect((await loadOrCreateSecrets(home, undefined)).secrets.BUSYMATE_JWT_SIGNING_KEY).toBe(
      secrets.BUSYMATE_JWT_SIGNING_KEY,
    );
    const sourced = execFileSync("sh", ["-c", `set -a; . "${file}"; printf %s "$BUSYMATE_JWT_SIGNING_KEY"`], {
      encoding: "utf8",
    });
    expect(sourced).toBe(secrets.BUSYMATE_JWT_SIGNING_KEY);
  });
});
