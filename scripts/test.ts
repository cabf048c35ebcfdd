import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureBuild } from "@/lib/build/ensure-build";
import { findChromium } from "@/lib/testing/chromium";

/**
 * `npm test`: the whole suite, in the order its parts depend on each other, closing with
 * the plain line `N passed, N failed`. Typecheck, lint and the build count as one check
 * each; vitest and Playwright contribute their own test counts.
 */

const projectDir = process.cwd();
const reports = mkdtempSync(path.join(os.tmpdir(), "busymate-test-reports-"));

interface Outcome {
  step: string;
  passed: number;
  failed: number;
  note?: string;
}

function heading(text: string) {
  console.log(`\n━━ ${text} ${"━".repeat(Math.max(0, 70 - text.length))}`);
}

/** A package's command-line entry, run on this same (pinned) Node. */
function binPath(pkg: string, name = pkg.split("/").pop()!): string {
  const dir = path.join(projectDir, "node_modules", pkg);
  const { bin } = readJson<{ bin: string | Record<string, string> }>(path.join(dir, "package.json"))!;
  return path.join(dir, typeof bin === "string" ? bin : bin[name]);
}

function run(bin: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: projectDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const check = async (step: string, bin: string, args: string[]): Promise<Outcome> => {
  const code = await run(bin, args);
  return { step, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
};

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** A runner that exited non-zero with no failed test still failed (a file that would not load). */
function counted(step: string, code: number, passed: number, failed: number): Outcome {
  if (code !== 0 && failed === 0) return { step, passed, failed: 1, note: `exited with code ${code}` };
  return { step, passed, failed };
}

async function vitest(): Promise<Outcome> {
  const out = path.join(reports, "vitest.json");
  const code = await run(binPath("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${out}`,
  ]);
  const report = readJson<{ numPassedTests: number; numFailedTests: number }>(out);
  return counted("unit + integration (vitest)", code, report?.numPassedTests ?? 0, report?.numFailedTests ?? 0);
}

async function playwright(): Promise<Outcome> {
  const step = "end-to-end (Playwright, Chromium)";
  try {
    await findChromium();
  } catch (error) {
    console.error((error as Error).message);
    return { step, passed: 0, failed: 1, note: "no browser" };
  }
  const out = path.join(reports, "playwright.json");
  const code = await run(binPath("@playwright/test", "playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: out,
  });
  const stats = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(out)?.stats;
  return counted(step, code, (stats?.expected ?? 0) + (stats?.flaky ?? 0), stats?.unexpected ?? 0);
}

async function build(): Promise<Outcome> {
  try {
    await ensureBuild(projectDir, (line) => console.log(line));
    return { step: "production build", passed: 1, failed: 0 };
  } catch (error) {
    console.error((error as Error).message);
    return { step: "production build", passed: 0, failed: 1 };
  }
}

async function main() {
  const outcomes: Outcome[] = [];

  heading("Route types (next typegen)");
  const typegen = await run(binPath("next"), ["typegen"]);
  if (typegen !== 0) outcomes.push({ step: "next typegen", passed: 0, failed: 1 });

  heading("Typecheck, lint and format");
  outcomes.push(
    ...(await Promise.all([
      check("typecheck (tsc)", binPath("typescript", "tsc"), ["--noEmit", "-p", "tsconfig.json"]),
      check("lint (eslint)", binPath("eslint"), ["--max-warnings", "0", "."]),
      check("format (prettier)", binPath("prettier"), ["--check", "--log-level", "warn", "."]),
    ])),
  );

  heading("Production build");
  const built = await build();
  outcomes.push(built);

  heading("Unit and integration tests");
  outcomes.push(await vitest());

  heading("End-to-end tests");
  outcomes.push(
    built.failed
      ? { step: "end-to-end (Playwright, Chromium)", passed: 0, failed: 1, note: "no build" }
      : await playwright(),
  );

  heading("Summary");
  for (const outcome of outcomes) {
    const mark = outcome.failed ? "✗" : "✓";
    console.log(
      `${mark} ${outcome.step}: ${outcome.passed} passed, ${outcome.failed} failed${outcome.note ? ` (${outcome.note})` : ""}`,
    );
  }
  const passed = outcomes.reduce((sum, outcome) => sum + outcome.passed, 0);
  const failed = outcomes.reduce((sum, outcome) => sum + outcome.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
