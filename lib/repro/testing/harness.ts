import { execFile, type ExecFileException } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildRepro, type Language, type ReproResult } from "../index";
import { Recorder } from "./recorder";
import { PLACEHOLDER_CREDENTIAL, type Credentials, type RunningService, type SchemeCase } from "./scheme-case";

/**
 * Runs one scheme end to end: record a flow against one server, build the repro, run the
 * program against a fresh server with other credentials.
 */

export interface Recording {
  result: ReproResult;
  /** Everything secret the first run saw: what its server handed out and its credentials. */
  secrets: string[];
  entryIds: number[];
  origins: string[];
  entries: Recorder["entries"];
}

export async function record(scheme: SchemeCase, language: Language = "node"): Promise<Recording> {
  const credentials = scheme.credentials();
  const service = await scheme.start(credentials);
  const recorder = new Recorder();
  try {
    await scheme.record(service, credentials, recorder);
  } finally {
    await service.server.close();
  }
  const result = buildRepro(recorder.entries, language);
  return {
    result,
    secrets: [...service.issuer.everIssued, ...Object.values(credentials)],
    entryIds: recorder.entries.map((e) => e.id),
    origins: service.server.origins,
    entries: recorder.entries,
  };
}

export interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProgram(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      // Only what the program needs: no test-runner variables leak into the run.
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
        timeout: 60_000,
      },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The environment for a run against `service`: placeholders from the credentials, origins moved to the fresh ports. */
export function environment(
  result: ReproResult,
  recordedOrigins: string[],
  service: RunningService,
  credentials: Credentials,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of result.placeholders) {
    const key = PLACEHOLDER_CREDENTIAL[p.name];
    if (!key || credentials[key] === undefined) throw new Error(`unexpected placeholder ${p.name}: ${p.description}`);
    env[p.name] = credentials[key];
  }
  for (const o of result.origins) {
    const i = recordedOrigins.indexOf(o.default);
    if (i === -1) throw new Error(`origin ${o.name} defaults to ${o.default}, not one of the recorded server's`);
    env[o.name] = service.server.origins[i];
  }
  return env;
}

export async function runAgainstFresh(
  scheme: SchemeCase,
  result: ReproResult,
  recordedOrigins: string[],
  { wrong = false }: { wrong?: boolean } = {},
): Promise<RunOutcome & { done: Set<string> }> {
  const credentials = scheme.credentials();
  const service = await scheme.start(credentials);
  const dir = await mkdtemp(path.join(tmpdir(), "repro-"));
  try {
    for (const file of result.files) await writeFile(path.join(dir, file.name), file.content);
    const env = environment(result, recordedOrigins, service, credentials);
    if (wrong) {
      const name = Object.keys(PLACEHOLDER_CREDENTIAL).find(
        (k) => PLACEHOLDER_CREDENTIAL[k] === scheme.wrong && env[k] !== undefined,
      );
      if (!name) throw new Error(`no placeholder carries ${scheme.wrong}`);
      env[name] = `${env[name]}-wrong`;
    }
    const [program, ...args] = result.run.split(" ");
    const command = program === "node" ? process.execPath : program;
    const outcome = await runProgram(command, args, dir, env);
    return { ...outcome, done: service.done };
  } finally {
    await service.server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
