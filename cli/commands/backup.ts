import path from "node:path";
import type { Command } from "commander";
import { backupHome } from "../backup/backup";
import { resolveHome } from "../backup/home";
import { restoreHome } from "../backup/restore";
import { printJson, printLines, spinner } from "../output";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/** `busymate backup` / `busymate restore`: the embedded database of a BUSYMATE_HOME, to a file and back. */
export function registerBackup(program: Command): void {
  program
    .command("backup")
    .description("Back up the embedded database (captures, people, devices, settings, secrets) to a file")
    .option("--out <file>", "where to write it (default: busymate-<time>.backup here)")
    .option("--home <dir>", "the BUSYMATE_HOME to back up (default: $BUSYMATE_HOME or .busymate)")
    .option("--json", "machine-readable output")
    .action(async (options: { out?: string; home?: string; json?: boolean }) => {
      const home = resolveHome(options.home);
      const out = path.resolve(options.out ?? `busymate-${stamp()}.backup`);
      const progress = spinner("Backing up…", options.json);
      try {
        const result = await backupHome(home, out, (text) => (progress.text = text));
        progress.succeed(`Backed up ${home}`);
        if (options.json) return printJson(result);
        printLines(
          `Wrote ${result.file} (${mib(result.bytes)}): ${result.captures} captures, ${result.people} people, ${result.devices} devices, ${result.tables} tables.`,
          "It holds every capture and the install's secrets: keep it as private as the home itself.",
        );
      } catch (error) {
        progress.stop();
        throw error;
      }
    });
  program
    .command("restore")
    .argument("<file>", "a file `busymate backup` wrote")
    .description("Replace the embedded database of a BUSYMATE_HOME (made if missing) with a backup's")
    .option("--home <dir>", "the BUSYMATE_HOME to restore into (default: $BUSYMATE_HOME or .busymate)")
    .option("--json", "machine-readable output")
    .action(async (file: string, options: { home?: string; json?: boolean }) => {
      const home = resolveHome(options.home);
      const progress = spinner("Restoring…", options.json);
      try {
        const result = await restoreHome(path.resolve(file), home, (text) => (progress.text = text));
        progress.succeed(`Restored into ${home}`);
        if (options.json) return printJson(result);
        printLines(
          `Restored ${result.captures} captures, ${result.people} people, ${result.devices} devices (backup of ${result.backup_created_at}).`,
          "Start it with `npm start`.",
        );
      } catch (error) {
        progress.stop();
        throw error;
      }
    });
}
