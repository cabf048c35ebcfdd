import { Command, CommanderError } from "commander";
import { registerCa } from "./commands/ca";
import { registerCapture } from "./commands/capture";
import { registerExport } from "./commands/export";
import { registerImport } from "./commands/import";
import { registerPair } from "./commands/pair";
import { registerRun } from "./commands/run";
import { registerStatus } from "./commands/status";
import { CliError, describeError } from "./errors";
import packageJson from "../package.json" with { type: "json" };

/** `busymate`: pair this machine as a device, capture its HTTP(S) traffic, import and export HAR. */
export function buildProgram(): Command {
  const program = new Command("busymate")
    .description("Capture HTTP(S) traffic into Busymate: pair, capture, run, import, export")
    .version(packageJson.version)
    .configureOutput({ outputError: (text, write) => write(text) });
  registerPair(program);
  registerStatus(program);
  registerCa(program);
  registerCapture(program);
  registerRun(program);
  registerImport(program);
  registerExport(program);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were printed by commander.
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`busymate: ${describeError(error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  }
}

await main(process.argv);
