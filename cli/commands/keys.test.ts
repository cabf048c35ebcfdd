import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signToken, accessTokenClaims } from "@/lib/auth/sign";
import { signingKeySchema } from "@/lib/auth/token-keys";
import { verifyAccessToken } from "@/lib/auth/verify";
import { removeDir, runCli, tempConfigDir } from "../testing/stack";

/** `busymate keys generate`, run as an operator runs it. */
describe("busymate keys generate", () => {
  it("prints a private ES256 JWK with a kid that BUSYMATE_JWT_SIGNING_KEY takes, and its public half", async () => {
    const result = await runCli(["keys", "generate", "--json"], {});
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { kid: string; private_jwk: object; public_jwk: Record<string, unknown> };
    const key = signingKeySchema.parse(JSON.stringify(out.private_jwk));
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", kid: out.kid });
    expect(out.public_jwk).toMatchObject({ kid: out.kid, alg: "ES256" });
    expect(out.public_jwk).not.toHaveProperty("d");
    // What it signs, its public half verifies.
    const origin = "https://busymate.example.com";
    const keys = { mode: "asymmetric" as const, current: key, trusted: [] };
    const token = await signToken(
      accessTokenClaims({
        origin,
        userId: "00000000-0000-4000-8000-000000000001",
        clientId: "x",
        scope: "busymate:read",
      }),
      keys,
    );
    expect((await verifyAccessToken(token, { issuer: origin, keys })).sub).toBe("00000000-0000-4000-8000-000000000001");
  });

  it("--out writes the private key 0600 and never overwrites one", async () => {
    const dir = tempConfigDir();
    try {
      const file = path.join(dir, "signing-key.json");
      const first = await runCli(["keys", "generate", "--out", file], {});
      expect(first.code).toBe(0);
      expect(first.stdout).not.toContain('"d"');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const kid = signingKeySchema.parse(readFileSync(file, "utf8").trim()).kid;
      expect(first.stdout).toContain(kid);
      const again = await runCli(["keys", "generate", "--out", file], {});
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("exists already");
      expect(signingKeySchema.parse(readFileSync(file, "utf8").trim()).kid).toBe(kid);
    } finally {
      await removeDir(dir);
    }
  });
});
