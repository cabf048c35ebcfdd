import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import tls from "node:tls";
import type { Command } from "commander";
import { configDir, writeSecretFile } from "../config";
import { CliError } from "../errors";
import { note } from "../output";
import { addProxyOptions } from "../capture/options";
import { ensureCa } from "../proxy/ca";
import { startCapture, type ProxyCommandOptions } from "./capture";

/**
 * Tools that read one bundle file (OpenSSL's SSL_CERT_FILE, requests, curl) replace their
 * system store with it, so the bundle is the system's roots plus the CLI's CA: tunnelled
 * hosts keep verifying against their real certificates.
 */
async function caBundle(dir: string, caPem: string): Promise<string> {
  const file = path.join(dir, "ca-bundle.pem");
  const content = `${[...tls.rootCertificates, caPem.trim()].join("\n")}\n`;
  const current = await readFile(file, "utf8").catch(() => "");
  if (current !== content) await writeSecretFile(file, content);
  return file;
}

export function proxyEnvironment(proxyUrl: string, caPath: string, bundlePath: string): Record<string, string> {
  return {
    HTTP_PROXY: proxyUrl,
    HTTPS_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    https_proxy: proxyUrl,
    // Node ≥ 24 honours the proxy variables for fetch and http(s) only when asked to.
    NODE_USE_ENV_PROXY: "1",
    NODE_EXTRA_CA_CERTS: caPath,
    SSL_CERT_FILE: bundlePath,
    REQUESTS_CA_BUNDLE: bundlePath,
    CURL_CA_BUNDLE: bundlePath,
    GIT_SSL_CAINFO: bundlePath,
    AWS_CA_BUNDLE: bundlePath,
    DENO_CERT: caPath,
    BUSYMATE_PROXY: proxyUrl,
  };
}

export function registerRun(program: Command): void {
  addProxyOptions(
    program
      .command("run")
      .description(
        "Run a command with its HTTP(S) traffic going through the capturing proxy (proxy and CA set in its environment)",
      )
      .argument("<command...>", "the command and its arguments, after --")
      .usage("[options] -- <command...>"),
    0,
  ).action(async (argv: string[], options: ProxyCommandOptions) => {
    const service = await startCapture(options);
    const dir = configDir();
    const ca = await ensureCa(dir);
    const env = { ...process.env, ...proxyEnvironment(service.proxyUrl, ca.certPath, await caBundle(dir, ca.cert)) };
    note(`busymate: capturing ${argv[0]} through ${service.proxyUrl}`);
    const child = spawn(argv[0], argv.slice(1), { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) =>
        reject(new CliError(error.code === "ENOENT" ? `command not found: ${argv[0]}` : error.message, 127)),
      );
      child.once("exit", (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
    }).finally(() => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
    });
    const stats = await service.stop(10_000);
    note(
      `busymate: ${stats.captured} captured, ${stats.uploaded} uploaded` +
        (stats.pending ? `, ${stats.pending} spooled for later` : ""),
    );
    process.exitCode = code ?? (signal ? 128 + 1 : 1);
  });
}
