import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, readLauncherConfig, readServerConfig } from "@/lib/config";

const production = {
  DATABASE_URL: "postgres://postgres:pw@db.example.com:5432/postgres",
  NEXT_PUBLIC_SUPABASE_URL: "https://xyz.supabase.co",
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "sb_publishable_abcdefghijklmnop",
  SUPABASE_SECRET_KEY: "sb_secret_abcdefghijklmnopqrstu",
  SUPABASE_JWT_SECRET: "x".repeat(40),
};

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("launcher configuration", () => {
  it("selects the embedded default when no production variable is set", () => {
    const config = readLauncherConfig({});
    expect(config).toMatchObject({
      mode: "embedded",
      PORT: 3000,
      DB_PORT: 54322,
      SUPABASE_LOCAL_PORT: 54321,
      BUSYMATE_HOME: ".busymate",
    });
    expect(config.BUSYMATE_ADMIN_EMAIL).toBe("admin@busymate.local");
    expect(config.production).toBeUndefined();
  });

  it("selects production mode when all production variables are set", () => {
    const config = readLauncherConfig(production);
    expect(config.mode).toBe("production");
    expect(config.production?.DATABASE_URL).toBe(production.DATABASE_URL);
  });

  it("names a malformed variable and what to set, in one line", () => {
    const lines = problems(() => readLauncherConfig({ PORT: "abc" }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^PORT is malformed .*got "abc".*set it to a free TCP port/);
    expect(lines[0]).not.toContain("\n");
  });

  it("rejects an out-of-range port", () => {
    expect(problems(() => readLauncherConfig({ DB_PORT: "70000" }))[0]).toMatch(/^DB_PORT is malformed/);
  });

  it("names each missing production variable and says why it is needed", () => {
    const lines = problems(() => readLauncherConfig({ DATABASE_URL: production.DATABASE_URL }));
    expect(lines.map((line) => line.split(" ")[0])).toEqual([
      "NEXT_PUBLIC_SUPABASE_URL",
      "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
      "SUPABASE_SECRET_KEY",
      "SUPABASE_JWT_SECRET",
    ]);
    expect(lines[0]).toContain("is not set");
    expect(lines[0]).toContain("production mode (DATABASE_URL set) needs it");
  });

  it("rejects a database URL that is not a postgres URL", () => {
    const lines = problems(() => readLauncherConfig({ ...production, DATABASE_URL: "mysql://x" }));
    expect(lines).toEqual([
      expect.stringMatching(/^DATABASE_URL is malformed \(must be a postgres:\/\/ URL, got "mysql:\/\/x"\)/),
    ]);
  });

  it("rejects a short admin password and an invalid admin email", () => {
    const lines = problems(() =>
      readLauncherConfig({ BUSYMATE_ADMIN_PASSWORD: "short", BUSYMATE_ADMIN_EMAIL: "nobody" }),
    );
    expect(lines.map((line) => line.split(" ")[0]).sort()).toEqual(["BUSYMATE_ADMIN_EMAIL", "BUSYMATE_ADMIN_PASSWORD"]);
  });

  it("treats an empty variable as unset", () => {
    expect(readLauncherConfig({ PORT: "", DATABASE_URL: "" }).mode).toBe("embedded");
  });
});

describe("server configuration", () => {
  it("requires the production-shaped variables the launcher fills in", () => {
    expect(problems(() => readServerConfig({}))).toHaveLength(5);
  });

  it("derives the app URL from host and port unless BUSYMATE_APP_URL is set", () => {
    expect(readServerConfig({ ...production, PORT: "4000" }).appUrl).toBe("http://127.0.0.1:4000");
    expect(readServerConfig({ ...production, BUSYMATE_APP_URL: "https://bm.example.com/" }).appUrl).toBe(
      "https://bm.example.com",
    );
  });

  it("reports embedded mode only when the launcher says so", () => {
    expect(readServerConfig(production).mode).toBe("production");
    expect(readServerConfig({ ...production, BUSYMATE_MODE: "embedded" }).mode).toBe("embedded");
  });
});

describe("BusyBro's model", () => {
  it("is off with neither variable, on with both, and one without the other names what is missing", () => {
    expect(readLauncherConfig({}).BUSYBRO_MODEL_URL).toBeUndefined();
    expect(
      readLauncherConfig({ BUSYBRO_MODEL_URL: "http://127.0.0.1:11434/v1", BUSYBRO_MODEL: "llama3.1" }),
    ).toMatchObject({ BUSYBRO_MODEL_URL: "http://127.0.0.1:11434/v1", BUSYBRO_MODEL: "llama3.1" });
    expect(problems(() => readLauncherConfig({ BUSYBRO_MODEL_URL: "http://127.0.0.1:11434/v1" }))[0]).toMatch(
      /^BUSYBRO_MODEL is not set: BUSYBRO_MODEL_URL is/,
    );
    expect(problems(() => readLauncherConfig({ BUSYBRO_MODEL: "llama3.1" }))[0]).toMatch(
      /^BUSYBRO_MODEL_URL is not set/,
    );
    expect(problems(() => readLauncherConfig({ BUSYBRO_MODEL_URL: "not a url", BUSYBRO_MODEL: "x" }))[0]).toMatch(
      /^BUSYBRO_MODEL_URL is malformed/,
    );
  });
});

describe("Telegram", () => {
  const token = "123456789:AAE-telegram-test-token_0123456789";
  it("is off without a token, needs the webhook secret with one, and defaults the API root to Telegram's", () => {
    const off = readLauncherConfig({});
    expect(off.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(off.TELEGRAM_API_ROOT).toBe("https://api.telegram.org");
    expect(problems(() => readLauncherConfig({ TELEGRAM_BOT_TOKEN: token }))[0]).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET is not set: TELEGRAM_BOT_TOKEN is/,
    );
    expect(
      readLauncherConfig({
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_WEBHOOK_SECRET: "a-long-enough-webhook-secret",
        TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      }),
    ).toMatchObject({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: "http://127.0.0.1:8081" });
    expect(problems(() => readLauncherConfig({ TELEGRAM_BOT_TOKEN: "nope" }))[0]).toMatch(
      /^TELEGRAM_BOT_TOKEN is malformed/,
    );
    expect(
      problems(() => readLauncherConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: "short" }))[0],
    ).toMatch(/^TELEGRAM_WEBHOOK_SECRET is malformed/);
  });
});

describe("token signing", () => {
  const { SUPABASE_JWT_SECRET: _secret, ...withoutSecret } = production;
  // A fresh key each run: no private key is ever written into the repository.
  const key = {
    ...generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }),
    kid: "3a18cfe2-7226-43b0-bbb4-7c5242f2406e",
  } as { kty: string; crv: string; x: string; y: string; d: string; kid: string };
  const { d: _d, ...publicKey } = key;

  it("signs with the legacy secret without a signing key, and with the signing key when one is set", () => {
    expect(readServerConfig(production).tokenKeys).toEqual({ mode: "legacy", secret: production.SUPABASE_JWT_SECRET });
    const previous = { ...publicKey, kid: "previous" };
    const config = readServerConfig({
      ...withoutSecret,
      BUSYMATE_JWT_SIGNING_KEY: JSON.stringify(key),
      BUSYMATE_JWT_TRUSTED_KEYS: JSON.stringify({ keys: [previous] }),
    });
    expect(config.tokenKeys).toMatchObject({ mode: "asymmetric", current: key, trusted: [previous] });
    expect(readLauncherConfig({ ...withoutSecret, BUSYMATE_JWT_SIGNING_KEY: JSON.stringify(key) }).mode).toBe(
      "production",
    );
  });

  it("needs the secret or a signing key, and says which to set", () => {
    const lines = problems(() => readServerConfig(withoutSecret));
    expect(lines).toEqual([
      expect.stringMatching(/^SUPABASE_JWT_SECRET is not set: .* or set BUSYMATE_JWT_SIGNING_KEY/),
    ]);
    expect(
      problems(() => readServerConfig({ ...production, BUSYMATE_JWT_TRUSTED_KEYS: JSON.stringify(publicKey) })),
    ).toEqual([expect.stringMatching(/^BUSYMATE_JWT_SIGNING_KEY is not set: BUSYMATE_JWT_TRUSTED_KEYS is/)]);
  });

  it("refuses a public key, another curve, a key without kid and broken JSON, never echoing the value", () => {
    const cases: [unknown, RegExp][] = [
      [publicKey, /public key/],
      [{ ...key, crv: "P-384" }, /P-256/],
      [{ ...key, kid: undefined }, /kid/],
      ["{not json", /not JSON/],
    ];
    for (const [value, reason] of cases) {
      const raw = typeof value === "string" ? value : JSON.stringify(value);
      const lines = problems(() => readServerConfig({ ...withoutSecret, BUSYMATE_JWT_SIGNING_KEY: raw }));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^BUSYMATE_JWT_SIGNING_KEY is malformed/);
      expect(lines[0]).toMatch(reason);
      expect(lines[0]).not.toContain(key.d);
      expect(lines[0]).toContain(`got ${raw.length} characters`);
    }
    expect(
      problems(() =>
        readServerConfig({
          ...withoutSecret,
          BUSYMATE_JWT_SIGNING_KEY: JSON.stringify(key),
          BUSYMATE_JWT_TRUSTED_KEYS: JSON.stringify([publicKey]),
        }),
      ),
    ).toEqual([expect.stringMatching(/^BUSYMATE_JWT_TRUSTED_KEYS is malformed \(it repeats the signing key's kid/)]);
  });
});

describe("the loopback switch for outbound fetches (tests only)", () => {
  it("is off by default, takes only true or false, and is refused with an https app URL", () => {
    expect(readLauncherConfig({}).BUSYMATE_FETCH_ALLOW_LOOPBACK).toBe(false);
    expect(readLauncherConfig({ BUSYMATE_FETCH_ALLOW_LOOPBACK: "true" }).BUSYMATE_FETCH_ALLOW_LOOPBACK).toBe(true);
    expect(problems(() => readLauncherConfig({ BUSYMATE_FETCH_ALLOW_LOOPBACK: "yes" }))[0]).toMatch(
      /^BUSYMATE_FETCH_ALLOW_LOOPBACK is malformed/,
    );
    expect(
      problems(() =>
        readLauncherConfig({ BUSYMATE_FETCH_ALLOW_LOOPBACK: "true", BUSYMATE_APP_URL: "https://busymate.example.com" }),
      )[0],
    ).toMatch(/^BUSYMATE_FETCH_ALLOW_LOOPBACK is true while BUSYMATE_APP_URL is https/);
  });
});
