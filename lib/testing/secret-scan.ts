import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Finds secrets in what a test run wrote to its logs: the exact values the stack and the
 * fixtures seeded (keys, passwords, bot tokens) and the shapes of the ones minted during the
 * run that no single process knows (factory passwords, device credentials, JWTs, bearer and
 * basic Authorization values). A finding names the log and the line, never the secret.
 */
export interface SeededSecret {
  label: string;
  value: string;
}

export interface LogText {
  name: string;
  text: string;
}

export interface SecretFinding {
  log: string;
  line: number;
  label: string;
}

export const MINTED_SECRET_SHAPES: { label: string; pattern: RegExp }[] = [
  {
    label: "a factory password (pw-<uuid>)",
    pattern: /\bpw-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/,
  },
  { label: "a device credential (bmd_…)", pattern: /\bbmd_[A-Za-z0-9_-]{20,}/ },
  { label: "a JWT", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/ },
  { label: "a Supabase secret key (sb_secret_…)", pattern: /\bsb_secret_[A-Za-z0-9_-]{16,}/ },
  { label: "a Telegram bot token", pattern: /\b\d{6,}:AA[A-Za-z0-9_-]{20,}/ },
  {
    label: "an Authorization header value",
    pattern: /\bauthorization["']?\s*[:=]\s*["']?(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/i,
  },
];

/** Keys of local.env / the stack's environment whose values are secrets (not the publishable key). */
export function secretsOfEnv(env: Record<string, string | undefined>, source: string): SeededSecret[] {
  const secrets: SeededSecret[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!value || value.length < 8) continue;
    if (/PUBLISHABLE/.test(key)) continue;
    if (/PASSWORD|SECRET|_KEY$|TOKEN/.test(key)) secrets.push({ label: `${key} (${source})`, value });
    if (/_URL$/.test(key)) {
      const password = URL.parse(value)?.password;
      if (password && password.length >= 8)
        secrets.push({ label: `the password in ${key} (${source})`, value: decodeURIComponent(password) });
    }
  }
  return secrets;
}

export function findSecrets(logs: LogText[], seeded: SeededSecret[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const log of logs) {
    const lines = log.text.split("\n");
    lines.forEach((line, index) => {
      for (const secret of seeded)
        if (line.includes(secret.value)) findings.push({ log: log.name, line: index + 1, label: secret.label });
      for (const shape of MINTED_SECRET_SHAPES)
        if (shape.pattern.test(line)) findings.push({ log: log.name, line: index + 1, label: shape.label });
    });
  }
  return findings;
}

/** Every *.log file under `dir` (the stack's home: PostgreSQL's and the Supabase stand-in's logs). */
export function logFilesUnder(dir: string): LogText[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.log$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => statSync(file).size > 0)
    .map((file) => ({ name: path.relative(dir, file), text: readFileSync(file, "utf8") }));
}

export function describeFindings(findings: SecretFinding[]): string {
  const shown = findings.slice(0, 40).map((f) => `  ${f.log}:${f.line}: ${f.label}`);
  const more = findings.length > shown.length ? [`  … and ${findings.length - shown.length} more`] : [];
  return [`The run's logs hold ${findings.length} secret(s):`, ...shown, ...more].join("\n");
}
