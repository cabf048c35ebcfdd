/**
 * A failure the person can act on: printed as one line (`busymate: <message>`), exit code 1.
 * Anything else is a bug and is printed the same way, with its message only.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EDQUOT")
    return `no space left on the disk (${code}${(error as NodeJS.ErrnoException).path ? ` writing ${(error as NodeJS.ErrnoException).path}` : ""}): free some space`;
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    // fetch() says only "fetch failed"; the reason is in its cause.
    if (error.message === "fetch failed" && cause) return `${error.message}: ${cause.code ?? cause.message}`;
    return error.message;
  }
  return String(error);
}
