import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries } from "@/lib/testing/db-fixtures";
import { removeHome, stackOptions, startStack, type RunningStack } from "@/lib/testing/stack";
import { removeDir, runCli } from "../testing/stack";

/**
 * A real stack is seeded, backed up while it runs, stopped, restored into a fresh
 * BUSYMATE_HOME and started there: its people sign in with their passwords, its REST stand-in
 * answers with the same devices, captures and settings.
 */
describe("busymate backup / restore", () => {
  let source: RunningStack;
  let restored: RunningStack | undefined;
  let sourceHome: string;
  let freshHome: string;
  const work = mkdtempSync(path.join(os.tmpdir(), "busymate-backup-test-"));
  const file = path.join(work, "team.backup");
  let before: Record<string, number>;

  const counts = async (url: string) => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const { rows } = await pool.query<Record<string, string>>(
        `SELECT (SELECT count(*) FROM public.entries) AS captures, (SELECT count(*) FROM auth.users) AS people,
                (SELECT count(*) FROM public.devices) AS devices, (SELECT count(*) FROM public.workspaces) AS workspaces,
                (SELECT count(*) FROM public.audit_log) AS audit`,
      );
      return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
    } finally {
      await pool.end();
    }
  };

  beforeAll(async () => {
    const options = await stackOptions();
    sourceHome = options.home;
    source = await startStack(options);
    const owner = new pg.Pool({ connectionString: source.localEnv.DATABASE_URL, max: 2 });
    try {
      const person = await createPerson(owner, "restored@example.com", "member", "correct horse battery");
      const device = await createDevice(owner, person, "Restored laptop");
      await insertEntries(owner, device, [
        "https://api.example.com/backed-up/1",
        "https://api.example.com/backed-up/2",
      ]);
      // A capture in an old week, in a partition only the backup knows about.
      await owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '9 weeks', 1)");
      await insertEntries(owner, device, ["https://api.example.com/old"], new Date(Date.now() - 9 * 7 * 86_400_000));
      await owner.query(
        `UPDATE public.settings_global SET retention_days = 90,
           data = data || '{"env": {"API_BASE": "https://restored.example"}}' WHERE id = 1`,
      );
    } finally {
      await owner.end();
    }
    before = await counts(source.localEnv.DATABASE_URL);
  }, 300_000);

  afterAll(async () => {
    await source?.stop();
    await restored?.stop();
    await removeHome(sourceHome);
    if (freshHome) await removeHome(freshHome);
    await removeDir(work);
  });

  let sourceEnv: Record<string, string>;

  it("backs up a running home and refuses to restore into it", async () => {
    const backup = await runCli(["backup", "--home", sourceHome, "--out", file, "--json"], {}, 120_000);
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    const made = JSON.parse(backup.stdout) as Record<string, unknown>;
    expect(made).toMatchObject({ file, app_running: true, captures: before.captures, people: before.people });
    expect(made.bytes).toBeGreaterThan(0);

    const refused = await runCli(["restore", file, "--home", sourceHome], {}, 60_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^busymate: Busymate is running on BUSYMATE_HOME=.* \(pid \d+\): stop it first/);
  }, 240_000);

  it("backs up a stopped home, and restoring into it replaces what came after the backup", async () => {
    // Made after the backup: restoring the backup into this home takes it away again.
    const sourceOwner = new pg.Pool({ connectionString: source.localEnv.DATABASE_URL, max: 1 });
    const laptop = (await sourceOwner.query("SELECT uuid FROM public.devices WHERE name = 'Restored laptop'")).rows[0];
    await insertEntries(sourceOwner, laptop.uuid, ["https://api.example.com/after-backup"]);
    await sourceOwner.end();
    sourceEnv = source.localEnv;
    await source.stop();
    // A stopped home is backed up too: its own cluster is started for it, under the home lock.
    const offlineBackup = async () => {
      const offline = await runCli(["backup", "--home", sourceHome, "--out", `${file}.offline`, "--json"], {}, 120_000);
      expect(offline.code).toBe(0);
      return JSON.parse(offline.stdout) as { app_running: boolean; captures: number };
    };
    expect(await offlineBackup()).toMatchObject({ app_running: false, captures: before.captures + 1 });
    // Restoring into a home that has its own database replaces its data (and keeps its password).
    const back = await runCli(["restore", file, "--home", sourceHome, "--json"], {}, 180_000);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ new_home: false });
    expect(await offlineBackup()).toMatchObject({ captures: before.captures });
  }, 300_000);

  it("restores into a fresh home that then serves the data: sign-in, REST, settings, new ids", async () => {
    const options = await stackOptions();
    freshHome = options.home;
    const restore = await runCli(["restore", file, "--home", freshHome, "--json"], {}, 180_000);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(JSON.parse(restore.stdout)).toMatchObject({ new_home: true, captures: before.captures });

    restored = await startStack(options);
    expect(await counts(restored.localEnv.DATABASE_URL)).toEqual(before);
    // The install's keys came along, so clients configured for it keep working.
    expect(restored.localEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY).toBe(sourceEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY);

    const supabase = restored.localEnv.NEXT_PUBLIC_SUPABASE_URL;
    const key = restored.localEnv.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY;
    const signIn = await fetch(`${supabase}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { apikey: key, "content-type": "application/json" },
      body: JSON.stringify({ email: "restored@example.com", password: "correct horse battery" }),
    });
    expect(signIn.status).toBe(200);
    const { access_token } = (await signIn.json()) as { access_token: string };
    const rest = (query: string) =>
      fetch(`${supabase}/rest/v1/${query}`, { headers: { apikey: key, authorization: `Bearer ${access_token}` } });
    const devices = (await (await rest("devices?select=name")).json()) as { name: string }[];
    expect(devices.map((d) => d.name)).toEqual(["Restored laptop"]);
    const entries = (await (await rest("entries?select=path&order=id")).json()) as { path: string }[];
    expect(entries.map((e) => e.path)).toEqual(["/backed-up/1", "/backed-up/2", "/old"]);
    const settings = (await (await rest("settings_global?select=data,retention_days")).json()) as {
      data: { env: Record<string, string> };
      retention_days: number;
    }[];
    expect(settings[0]).toMatchObject({ retention_days: 90, data: { env: { API_BASE: "https://restored.example" } } });

    // New captures get fresh ids after the restored ones (sequences came along too).
    const owner = new pg.Pool({ connectionString: restored.localEnv.DATABASE_URL, max: 1 });
    try {
      const device = (await owner.query("SELECT uuid FROM public.devices WHERE name = 'Restored laptop'")).rows[0].uuid;
      await insertEntries(owner, device, ["https://api.example.com/after-restore"]);
      const ids = await owner.query<{ path: string }>("SELECT path FROM public.entries ORDER BY id DESC LIMIT 1");
      expect(ids.rows[0].path).toBe("/after-restore");
    } finally {
      await owner.end();
    }
  }, 300_000);

  it("refuses a file that is not a backup with one line, and answers --help", async () => {
    for (const command of ["backup", "restore"]) {
      const help = await runCli([command, "--help"], {});
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: busymate ${command}`);
    }
    const bogus = path.join(work, "not-a-backup");
    await writeFile(bogus, "hello");
    const result = await runCli(["restore", bogus, "--home", path.join(work, "never")], {}, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^busymate: .*not a readable Busymate backup/);
  });
});
