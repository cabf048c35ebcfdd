import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationStatus } from "@/lib/db/migrations";
import { readStamp } from "@/lib/build/stamp";
import {
  removeHome,
  spawnStart,
  stackEnv,
  stackOptions,
  startStack,
  type RunningStack,
  type StackOptions,
} from "@/lib/testing/stack";

/** The real `npm start` entry point, as separate processes, on throwaway homes. */

const projectDir = path.resolve(import.meta.dirname, "..", "..");

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("npm start on the embedded default", () => {
  let options: StackOptions;
  let stack: RunningStack;

  beforeAll(async () => {
    options = await stackOptions();
    stack = await startStack(options);
  });

  afterAll(async () => {
    await stack?.stop();
    await removeHome(options.home);
  });

  it("serves liveness, and readiness once the database answers and migrations are applied", async () => {
    expect(await (await fetch(`${stack.appUrl}/health`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${stack.appUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      checks: { database: { ok: true }, migrations: { ok: true } },
    });
  });

  it("reports the version from version.json with the build's commit and time", async () => {
    const body = await (await fetch(`${stack.appUrl}/api/version`)).json();
    const versionFile = JSON.parse(readFileSync(path.join(projectDir, "version.json"), "utf8"));
    const stamp = readStamp(projectDir)!;
    expect(body).toEqual({ version: versionFile.version, commit: stamp.commit, builtAt: stamp.builtAt });
    expect(Number.isNaN(Date.parse(body.builtAt))).toBe(false);
  });

  it("names this instance's MCP and REST URLs in /llms.txt", async () => {
    const response = await fetch(`${stack.appUrl}/llms.txt`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain(`http://127.0.0.1:${options.port}/mcp`);
    expect(text).toContain(`${stack.localEnv.NEXT_PUBLIC_SUPABASE_URL}/rest/v1/`);
    expect(stack.localEnv.NEXT_PUBLIC_SUPABASE_URL).toBe(`http://127.0.0.1:${options.supabasePort}`);
  });

  it("answers unknown API paths in the error shape", async () => {
    const response = await fetch(`${stack.appUrl}/api/does-not-exist`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("/api/does-not-exist"),
    });
  });

  it("writes local.env with a working DATABASE_URL and the first-run admin sign-in", async () => {
    const [row] = await query<{ wal_level: string }>(stack.localEnv.DATABASE_URL, "show wal_level");
    expect(row.wal_level).toBe("logical");
    // Its output is a pipe here, as under a service manager: the password stays out of the log.
    expect(stack.output()).toContain(
      `admin sign-in is ${stack.localEnv.BUSYMATE_ADMIN_EMAIL}; the password is BUSYMATE_ADMIN_PASSWORD in local.env`,
    );
    expect(stack.output()).not.toContain(stack.localEnv.BUSYMATE_ADMIN_PASSWORD);
  });

  it("seeds the demo on first run: admin and member who can sign in, devices, captures, a workspace, service groups", async () => {
    const url = stack.localEnv.DATABASE_URL;
    const [counts] = await query<Record<string, string>>(
      url,
      `SELECT
      (SELECT count(*) FROM auth.users) AS users, (SELECT count(*) FROM public.devices) AS devices,
      (SELECT count(*) FROM public.entries) AS entries, (SELECT count(*) FROM public.workspace_tabs) AS tabs,
      (SELECT count(*) FROM public.service_groups) AS groups, (SELECT count(*) FROM public.service_group_agents WHERE is_primary) AS primaries`,
    );
    expect(counts).toEqual({ users: "2", devices: "3", entries: "5000", tabs: "3", groups: "2", primaries: "2" });
    const roles = await query<{ email: string; slug: string; password_ok: boolean }>(
      url,
      `SELECT u.email, r.slug, u.encrypted_password = extensions.crypt('${stack.localEnv.BUSYMATE_ADMIN_PASSWORD}', u.encrypted_password) AS password_ok
       FROM auth.users u JOIN public.user_roles ur ON ur.user_id = u.id JOIN public.roles r ON r.id = ur.role_id ORDER BY r.slug`,
    );
    expect(roles).toEqual([
      { email: stack.localEnv.BUSYMATE_ADMIN_EMAIL, slug: "admin", password_ok: true },
      { email: stack.localEnv.BUSYMATE_MEMBER_EMAIL, slug: "member", password_ok: false },
    ]);
  });

  it("knows a migration the database has not applied", async () => {
    const fakeProject = mkdtempSync(path.join(os.tmpdir(), "busymate-journal-"));
    await mkdir(path.join(fakeProject, "db", "migrations", "meta"), { recursive: true });
    await writeFile(
      path.join(fakeProject, "db", "migrations", "meta", "_journal.json"),
      JSON.stringify({ entries: [{ tag: "9999_future", when: 4102444800000 }] }),
    );
    const client = new pg.Client({ connectionString: stack.localEnv.DATABASE_URL });
    await client.connect();
    try {
      expect(await migrationStatus(client, fakeProject)).toEqual({ expected: 1, applied: 0, pending: ["9999_future"] });
    } finally {
      await client.end();
    }
  });

  it("refuses a second start on the same home while one runs", async () => {
    const other = await stackOptions(options.home);
    const second = spawnStart(stackEnv(other));
    expect(await second.exited).toBe(2);
    expect(second.output()).toContain(`Busymate is already running on BUSYMATE_HOME=${options.home}`);
    // The first one is unharmed.
    expect((await fetch(`${stack.appUrl}/health/ready`)).status).toBe(200);
  });

  it("stops cleanly on SIGTERM and keeps the data for the next start", async () => {
    await query(
      stack.localEnv.DATABASE_URL,
      "create table kept_across_restarts (note text); insert into kept_across_restarts values ('still here')",
    );
    const pidFile = path.join(options.home, "postgres", "postmaster.pid");
    const postgresPid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);

    // Exit code 0 means the orderly path finished; the launcher's 10 s guard exits 1.
    expect(await stack.stop()).toBe(0);
    expect(stack.output()).toContain("Stopped.");
    expect(existsSync(pidFile)).toBe(false);
    expect(() => process.kill(postgresPid, 0)).toThrow();
    expect(existsSync(path.join(options.home, "busymate.pid"))).toBe(false);

    const firstEnv = stack.localEnv;
    stack = await startStack(options);
    expect(stack.localEnv).toEqual(firstEnv);
    expect(stack.output()).not.toContain("admin sign-in is");
    const rows = await query<{ note: string }>(stack.localEnv.DATABASE_URL, "select note from kept_across_restarts");
    expect(rows).toEqual([{ note: "still here" }]);
    // The demo is seeded once, not again on a later start.
    expect(await query(stack.localEnv.DATABASE_URL, "select 1 from auth.users")).toHaveLength(2);
  });
});

describe("npm start refusing bad setups", () => {
  it("names a busy app port and the variable that changes it, starting nothing", async () => {
    const options = await stackOptions();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(options.port, "127.0.0.1", resolve));
    try {
      const start = spawnStart(stackEnv(options));
      expect(await start.exited).toBe(2);
      expect(start.output()).toContain(
        `Port ${options.port} on 127.0.0.1 is already in use: stop what uses it, or set PORT to a free port.`,
      );
      expect(existsSync(path.join(options.home, "postgres"))).toBe(false);
    } finally {
      blocker.close();
      await removeHome(options.home);
    }
  });

  it("stops with one line naming a malformed variable", async () => {
    const options = await stackOptions();
    const start = spawnStart({ ...stackEnv(options), DB_PORT: "not-a-port" });
    expect(await start.exited).toBe(2);
    const lines = start
      .output()
      .split("\n")
      .filter((line) => line.startsWith("Configuration:"));
    expect(lines).toEqual([
      expect.stringMatching(/^Configuration: DB_PORT is malformed .*got "not-a-port".*set it to a free TCP port/),
    ]);
    await removeHome(options.home);
  });
});
