import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { initialiseCluster, processAlive } from "@/lib/embedded/postgres";
import { superviseEmbeddedPostgres, type SupervisedPostgres } from "@/lib/embedded/postgres-supervisor";
import { freePort } from "@/lib/embedded/ports";

/** The supervisor over a real embedded PostgreSQL: restarts after a kill, keeps committed rows, gives up on a crash loop. */

const homes: string[] = [];
const running: SupervisedPostgres[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.stop();
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

async function supervised(maxRestarts: number) {
  const home = mkdtempSync(path.join(os.tmpdir(), "busymate-supervised-"));
  homes.push(home);
  const options = { dataDir: path.join(home, "postgres"), port: await freePort(), password: "test-only-password" };
  await initialiseCluster(options);
  const said: string[] = [];
  const server = await superviseEmbeddedPostgres({ ...options, maxRestarts, say: (line) => said.push(line) });
  running.push(server);
  return { server, said };
}

async function until<T>(check: () => Promise<T | false> | T | false, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve(check()).catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const query = async (url: string, sql: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

describe("the supervised embedded PostgreSQL", () => {
  it("starts a killed server again with every committed row, and says why it died", async () => {
    const { server, said } = await supervised(5);
    await query(server.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (1), (2)");
    const first = server.pid();
    process.kill(first, "SIGKILL");
    await until(() => server.pid() !== first && query(server.url, "SELECT 1"), "the restarted server");
    expect(processAlive(first)).toBe(false);
    expect(await query(server.url, "SELECT n FROM kept ORDER BY n")).toEqual([{ n: 1 }, { n: 2 }]);
    expect(said[0]).toMatch(/^PostgreSQL exited unexpectedly \(code null\); starting it again\.$/);
    expect(said[1]).toMatch(/^PostgreSQL {3}running again \(pid \d+\)/);
  });

  it("gives up on a server that keeps dying, and stops cleanly", async () => {
    const { server } = await supervised(1);
    let failure: Error | undefined;
    server.failed.catch((error: Error) => (failure = error));
    const first = server.pid();
    process.kill(first, "SIGKILL");
    const second = await until(() => server.pid() !== first && server.pid(), "the first restart");
    await until(() => query(server.url, "SELECT 1"), "the restarted server to answer");
    process.kill(second, "SIGKILL");
    await until(() => failure ?? false, "the supervisor to give up");
    expect(failure!.message).toMatch(/^PostgreSQL exited 2 times within 60 s/);
    await server.stop();
  });
});
