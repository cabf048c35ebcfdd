import { spawn } from "node:child_process";
import type { Command } from "commander";
import { serverFrom } from "../config";
import { printJson, printLines } from "../output";
import { login } from "../server/oauth";

/** Opens a URL in the person's browser, best effort (the URL is printed either way). */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

export function registerLogin(program: Command): void {
  program
    .command("login")
    .description("Sign a person in (OAuth in the browser, PKCE) for what a device may not do: export, search")
    .option("--server <url>", "the Busymate app's URL (default: $BUSYMATE_SERVER or http://127.0.0.1:3000)")
    .option("--write", "ask for read-write access (default: read-only)")
    .option("--no-browser", "only print the URL to open")
    .option("--json", "machine-readable output")
    .action(async (options: { server?: string; write?: boolean; browser: boolean; json?: boolean }) => {
      const server = serverFrom(options.server);
      const saved = await login({
        server,
        write: Boolean(options.write),
        open: (url) => {
          process.stderr.write(`Open this URL to sign in:\n${url}\n`);
          if (options.browser) openBrowser(url);
        },
      });
      if (options.json) printJson({ server, client_id: saved.client_id, expires_at: saved.expires_at });
      else printLines(`Signed in at ${server}. \`busymate export --har\` now uses this sign-in.`);
    });
}
