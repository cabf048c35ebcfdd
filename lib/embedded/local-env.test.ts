import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readLauncherConfig } from "@/lib/config";
import { loadOrCreateSecrets, localEnvironment, parseEnvFile, writeLocalEnv } from "@/lib/embedded/local-env";
import { readFile } from "node:fs/promises";

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
});
