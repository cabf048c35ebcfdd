import type { Command } from "commander";
import { printJson, printLines } from "../output";
import { ensureCa, trustSteps } from "../proxy/ca";

export function registerCa(program: Command): void {
  program
    .command("ca")
    .description("Show the CLI's certificate authority (created on first use) and how to trust it")
    .option("--path", "print only the PEM certificate's path")
    .option("--json", "machine-readable output")
    .action(async (options: { path?: boolean; json?: boolean }) => {
      const ca = await ensureCa();
      if (options.path) return printLines(ca.certPath);
      const steps = trustSteps(ca.certPath);
      if (options.json)
        return printJson({
          cert_path: ca.certPath,
          fingerprint_sha256: ca.fingerprintSha256,
          valid_to: ca.validTo,
          created: ca.created,
          trust: steps,
        });
      printLines(
        `CA certificate: ${ca.certPath}${ca.created ? " (created now)" : ""}`,
        `SHA-256: ${ca.fingerprintSha256}`,
        `Valid until: ${ca.validTo}`,
        "",
        "Trust it so HTTPS through `busymate capture` is decrypted without errors:",
        ...Object.entries(steps).flatMap(([os, lines]) => [`  ${os}:`, ...lines.map((line) => `    ${line}`)]),
      );
    });
}
