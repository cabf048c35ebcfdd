import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { localEnvPath, parseEnvFile } from "@/lib/embedded/local-env";
import { freePort } from "@/lib/embedded/ports";

/**
 * Runs the real `npm start` entry point as a separate process on a throwaway home and
 * free ports, the way a user would, for integration and end-to-end tests.
 */

const projectDir = path.resolve(import.meta.dirname, "..", "..");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

export interface StackProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

export function spawnStart(env: Record<string, string>, args: string[] = []): StackProcess {
  const child = spawn(
    process.execPath,
    [
      tsxCli,
      "--import",
      path.join(projectDir, "scripts", "node-hooks.mjs"),
      path.join(projectDir, "scripts", "start.ts"),
      ...args,
    ],
    {
      cwd: projectDir,
      env: { ...process.env, ...env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export interface StackOptions {
  home: string;
  port: number;
  dbPort: number;
  supabasePort: number;
  /** More configuration for the app (e.g. BusyBro's model server). */
  env?: Record<string, string>;
}

export async function stackOptions(
  home = mkdtempSync(path.join(os.tmpdir(), "busymate-test-")),
): Promise<StackOptions> {
  return { home, port: await freePort(), dbPort: await freePort(), supabasePort: await freePort() };
}

export function stackEnv(options: StackOptions): Record<string, string> {
  return {
    BUSYMATE_HOME: options.home,
    HOST: "127.0.0.1",
    PORT: String(options.port),
    DB_PORT: String(options.dbPort),
    SUPABASE_LOCAL_PORT: String(options.supabasePort),
    ...options.env,
  };
}

export interface RunningStack extends StackProcess {
  appUrl: string;
  localEnv: Record<string, string>;
  /** SIGTERM, then resolves with the exit code once the whole tree is down. */
  stop(): Promise<number | null>;
}

export async function waitForReady(appUrl: string, proc: StackProcess, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`npm start exited before it was ready:\n${proc.output()}`);
    try {
      const response = await fetch(`${appUrl}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`npm start was not ready within ${timeoutMs} ms:\n${proc.output()}`);
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const proc = spawnStart(stackEnv(options));
  const appUrl = `http://127.0.0.1:${options.port}`;
  await waitForReady(appUrl, proc);
  const localEnv = parseEnvFile(await readFile(localEnvPath(options.home), "utf8"));
  return {
    ...proc,
    appUrl,
    localEnv,
    async stop() {
      if (proc.child.exitCode === null) proc.child.kill("SIGTERM");
      return proc.exited;
    },
  };
}

export async function removeHome(home: string): Promise<void> {
  await rm(home, { recursive: true, force: true });
}
