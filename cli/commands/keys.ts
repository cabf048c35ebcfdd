import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { generateSigningKey, publicJwk } from "../../lib/auth/token-keys";
import { CliError } from "../errors";
import { note, printJson, printLines } from "../output";

/**
 * `busymate keys generate`: the ES256 signing key a deployment signs its tokens with. The
 * private JWK is what Supabase imports (Project Settings → JWT Keys) and what
 * BUSYMATE_JWT_SIGNING_KEY holds; the public half is what the app publishes in its JWKS.
 * The key is made here, on the operator's machine, and sent nowhere.
 */
export function registerKeys(program: Command): void {
  const keys = program.command("keys").description("Signing keys for a Busymate deployment (docs/production-setup.md)");
  keys
    .command("generate")
    .description("Make a new ES256 signing key (private JWK with a kid) to import into Supabase and set in Busymate")
    .option("-o, --out <file>", "write the private JWK to this file (mode 0600) instead of printing it")
    .option("--json", "machine-readable output: {kid, private_jwk, public_jwk}")
    .action(async (options: { out?: string; json?: boolean }) => {
      const key = generateSigningKey();
      const text = JSON.stringify(key);
      if (options.out) {
        try {
          await writeFile(options.out, `${text}\n`, { mode: 0o600, flag: "wx" });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST")
            throw new CliError(`${options.out} exists already; a signing key is never overwritten.`, 2);
          throw error;
        }
        note(`Private key written to ${options.out} (0600).`);
      }
      if (options.json)
        return printJson({ kid: key.kid, ...(options.out ? {} : { private_jwk: key }), public_jwk: publicJwk(key) });
      printLines(
        `New ES256 signing key, kid ${key.kid}.`,
        "",
        ...(options.out
          ? [`The private JWK is in ${options.out}.`]
          : ["Private JWK (keep it secret; it signs every Busymate token):", text]),
        "",
        "1. Supabase dashboard → Project Settings → JWT Keys → Create standby key → Import a private key:",
        "   paste the private JWK, then Rotate keys so it is the key in use.",
        "2. Busymate: set BUSYMATE_JWT_SIGNING_KEY to the private JWK (one line of JSON).",
        "",
        "Public JWK (what Busymate publishes at /oauth/jwks):",
        JSON.stringify(publicJwk(key)),
      );
    });
}
