import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { readStamp, readVersionFile, stampPath, type BuildStamp } from "./stamp";

/** Everything that can change what `next build` produces. */
const SOURCE_DIRS = ["app", "components", "lib", "db", "public"];
const SOURCE_FILES = [
  "next.config.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
  "version.json",
  "proxy.ts",
  "instrumentation.ts",
  "instrumentation-client.ts",
];
const isTestFile = (name: string) => /\.(test|spec)\.tsx?$/.test(name);

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && !isTestFile(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** A content hash of the sources, so touching a file without changing it costs nothing. */
export async function sourceHash(projectDir: string): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((dir) => listFiles(path.join(projectDir, dir))))).flat(),
    ...SOURCE_FILES.map((file) => path.join(projectDir, file)).filter((file) => existsSync(file)),
  ].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash
      .update(path.relative(projectDir, file))
      .update("\0")
      .update(await readFile(file))
      .update("\0");
  }
  return hash.digest("hex");
}

function gitCommit(projectDir: string): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: projectDir, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "unknown";
  }
}

export type BuildOutcome = { rebuilt: boolean; stamp: BuildStamp };

/** Builds the app unless `.next` already holds a build of exactly these sources. */
export async function ensureBuild(projectDir: string, log: (line: string) => void): Promise<BuildOutcome> {
  const hash = await sourceHash(projectDir);
  const current = readStamp(projectDir);
  if (current?.sourceHash === hash && existsSync(path.join(projectDir, ".next", "BUILD_ID"))) {
    return { rebuilt: false, stamp: current };
  }
  log(current ? "Sources changed since the last build: rebuilding…" : "No production build yet: building…");
  await runNextBuild(projectDir);
  const stamp: BuildStamp = {
    version: readVersionFile(projectDir).version,
    commit: gitCommit(projectDir),
    builtAt: new Date().toISOString(),
    sourceHash: hash,
  };
  await writeFile(stampPath(projectDir), `${JSON.stringify(stamp, null, 2)}\n`);
  return { rebuilt: true, stamp };
}

function runNextBuild(projectDir: string): Promise<void> {
  const nextBin = createRequire(path.join(projectDir, "package.json")).resolve("next/dist/bin/next");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: projectDir,
      // The build must not depend on this machine's settings: public config reaches the
      // browser at run time, so nothing instance-specific is baked into the bundle.
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit code ${code})`))));
  });
}
