import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeFindings, findSecrets, logFilesUnder, secretsOfEnv } from "./secret-scan";

/** The scanner the e2e teardown runs over the whole run's logs. */
describe("the log secret scan", () => {
  it("names the log and line of each seeded value and minted shape, and never the secret", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "secret-scan-"));
    mkdirSync(path.join(home, "pg"));
    writeFileSync(path.join(home, "pg", "postgres.log"), "LOG: ready\nLOG: connection from user\n");
    writeFileSync(
      path.join(home, "local-supabase.log"),
      [
        "GET /rest/v1/devices 200",
        'headers {"authorization":"Bearer abcdefghijklmnop"}',
        "signed in with pw-6f1c1d4e-1f4b-4b8e-9a57-0d1f9b0e7e11",
        "device bmd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA paired",
        "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlc2lnbmF0dXJl",
        "jwt secret is s3cr3t-jwt-value-for-the-test",
      ].join("\n"),
    );
    const seeded = secretsOfEnv(
      {
        SUPABASE_JWT_SECRET: "s3cr3t-jwt-value-for-the-test",
        NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: "GET /rest/v1/devices",
        DATABASE_URL: "postgres://postgres:db-password-123@127.0.0.1:5432/postgres",
      },
      "local.env",
    );
    expect(seeded.map((s) => s.label)).toEqual([
      "SUPABASE_JWT_SECRET (local.env)",
      "the password in DATABASE_URL (local.env)",
    ]);
    const findings = findSecrets(
      [...logFilesUnder(home), { name: "stack output", text: "ok\nDB db-password-123\n" }],
      seeded,
    );
    expect(findings).toEqual([
      { log: "local-supabase.log", line: 2, label: "an Authorization header value" },
      { log: "local-supabase.log", line: 3, label: "a factory password (pw-<uuid>)" },
      { log: "local-supabase.log", line: 4, label: "a device credential (bmd_…)" },
      { log: "local-supabase.log", line: 5, label: "a JWT" },
      { log: "local-supabase.log", line: 6, label: "SUPABASE_JWT_SECRET (local.env)" },
      { log: "stack output", line: 2, label: "the password in DATABASE_URL (local.env)" },
    ]);
    const report = describeFindings(findings);
    expect(report).toContain("local-supabase.log:4: a device credential");
    expect(report).not.toContain("s3cr3t");
    expect(report).not.toContain("bmd_AAAA");
  });
});
