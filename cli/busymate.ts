import { Command, CommanderError } from "commander";
import { registerBackup } from "./commands/backup";
import { registerCa } from "./commands/ca";
import { registerCapture } from "./commands/capture";
import { registerExport } from "./commands/export";
import { registerImport } from "./commands/import";
import { registerKeys } from "./commands/keys";
import { registerLogin } from "./commands/login";
import { registerPair } from "./commands/pair";
import { registerRun } from "./commands/run";
import { registerStatus } from "./commands/status";
import { CliError, describeError } from "./errors";
import { lifetime } from "./lifetime";
import packageJson from "../package.json" with { type: "json" };

/** `busymate`: pair this machine as a device, capture its HTTP(S) traffic, import and export HAR. */
export function buildProgram(): Command {
  const program = new Command("busymate")
    .description("Capture HTTP(S) traffic into Busymate: pair, capture, run, import, export; back up and restore")
    .version(packageJson.version)
    .configureOutput({ outputError: (text, write) => write(text) });
  registerPair(program);
  registerLogin(program);
  registerStatus(program);
  registerCa(program);
  registerCapture(program);
  registerRun(program);
  registerImport(program);
  registerExport(program);
  registerKeys(program);
  registerBackup(program);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Ends the process once output is flushed: keep-alive sockets and the Realtime socket would
 * otherwise hold a finished command open for seconds.
 */
function exitWhenFlushed(): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit()));
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
    if (!lifetime.keepRunning) exitWhenFlushed();
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were printed by commander.
      process.exitCode = error.exitCode;
      exitWhenFlushed();
      return;
    }
    process.stderr.write(`busymate: ${describeError(error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
    exitWhenFlushed();
  }
}

await main(process.argv);
