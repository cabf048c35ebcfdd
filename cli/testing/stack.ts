import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withClaims } from "@/lib/db/with-claims";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { removeHome, startStack, stackOptions, type RunningStack, type StackOptions } from "@/lib/testing/stack";

/**
 * The real stack (`npm start` on a throwaway home) with a person and a CLI device, and the
 * CLI itself run as its bin script in a child process, as a person would run it.
 */

const projectDir = path.resolve(import.meta.dirname, "..", "..");
const bin = path.join(projectDir, "bin", "busymate.mjs");

export interface CliStack {
  stack: RunningStack;
  options: StackOptions;
  owner: pg.Pool;
  person: Person;
  /** Stops the app and its database (the home is kept) and starts them again. */
  stopStack(): Promise<void>;
  startStackAgain(): Promise<void>;
  newDevice(name: string): Promise<string>;
  pairingCode(deviceUuid: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * `home`: where BUSYMATE_HOME goes (a fresh temporary directory unless given, e.g. on a small
 * file system); `env`: more configuration for the app (e.g. BusyBro's model server).
 */
export async function startCliStack(home?: string, env?: Record<string, string>): Promise<CliStack> {
  const options = { ...(await stackOptions(home)), env };
  let stack = await startStack(options);
  const owner = new pg.Pool({ connectionString: stack.localEnv.DATABASE_URL, max: 3 });
  // pg reports a lost connection on idle clients; the pool recreates them.
  owner.on("error", () => undefined);
  const person = await createPerson(owner, `cli-${Date.now()}@example.com`);
  const harness: CliStack = {
    get stack() {
      return stack;
    },
    options,
    owner,
    person,
    async stopStack() {
      await stack.stop();
    },
    async startStackAgain() {
      stack = await startStack(options);
    },
    async newDevice(name) {
      const { rows } = await owner.query<{ uuid: string }>(
        "INSERT INTO public.devices (name, kind, os, owner_user_id) VALUES ($1, 'cli', 'linux', $2) RETURNING uuid",
        [name, person.id],
      );
      return rows[0].uuid;
    },
    async pairingCode(deviceUuid) {
      return withClaims(owner, person.claims, async (client) => {
        const { rows } = await client.query<{ code: string }>(
          "SELECT code FROM public.create_device_pairing_code($1)",
          [deviceUuid],
        );
        return rows[0].code;
      });
    },
    async close() {
      await owner.end().catch(() => undefined);
      await stack.stop();
      await removeHome(options.home);
    },
  };
  return harness;
}

export const tempConfigDir = () => mkdtempSync(path.join(os.tmpdir(), "busymate-cli-"));
export const removeDir = (dir: string) => rm(dir, { recursive: true, force: true });

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `busymate <args>` to completion. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  const child = spawnCli(args, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.process.kill("SIGKILL");
      reject(new Error(`busymate ${args.join(" ")} did not finish in ${timeoutMs} ms:\n${child.stderr()}`));
    }, timeoutMs);
    child.process.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: child.stdout(), stderr: child.stderr() });
    });
  });
}

export interface CliProcess {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line (JSON) whose `event` is `event` (and that `matches`, if given). */
  waitForEvent(
    event: string,
    timeoutMs?: number,
    matches?: (data: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the command ends by itself. */
  exited: Promise<number | null>;
}

export function spawnCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    async waitForEvent(event, timeoutMs = 30_000, matches = () => true) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        for (const line of stdout.split("\n")) {
          if (!line.startsWith("{")) continue;
          const data = JSON.parse(line) as Record<string, unknown>;
          if (data.event === event && matches(data)) return data;
        }
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`busymate printed no "${event}" event:\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
