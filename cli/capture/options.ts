import { Option, type Command } from "commander";
import { CliError } from "../errors";

/** --port/--host/--upstream-ca, shared by `capture` and `run`. */
export function addProxyOptions(command: Command, defaultPort: number): Command {
  return command
    .addOption(
      new Option("--port <n>", "port the proxy listens on (0: any free port)")
        .default(defaultPort)
        .argParser(parsePort),
    )
    .option("--host <address>", "address to listen on; widen with care (0.0.0.0 lets your network use it)", "127.0.0.1")
    .option(
      "--upstream-ca <file...>",
      "extra CA certificate(s) (PEM) to trust for upstream servers, e.g. an internal CA; NODE_EXTRA_CA_CERTS is trusted too",
    );
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new CliError(`--port must be 0–65535, got "${value}".`);
  return port;
}

export function upstreamCaFiles(option: string[] | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  return [...(option ?? []), ...(env.NODE_EXTRA_CA_CERTS ? [env.NODE_EXTRA_CA_CERTS] : [])];
}
