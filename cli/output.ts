import ora, { type Ora } from "ora";

/** What a command prints: JSON for scripts (--json), lines for people. Progress goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join("\n")}\n`);
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A spinner on stderr when it is a terminal; silent otherwise, so logs and pipes get only real lines. */
export function spinner(text: string, quiet = false): Ora {
  return ora({ text, stream: process.stderr, isSilent: quiet || !process.stderr.isTTY }).start();
}
