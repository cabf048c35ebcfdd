import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { createPerson } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { realtimeSnippet } from "./realtime-snippet";

const projectDir = path.resolve(import.meta.dirname, "..", "..");

let stack: TestSupabase;
let dir: string;

beforeAll(async () => {
  stack = await startTestSupabase();
  // Inside the project, so the program resolves @supabase/supabase-js as a reader's would.
  mkdirSync(path.join(projectDir, ".scratch"), { recursive: true });
  dir = mkdtempSync(path.join(projectDir, ".scratch", "realtime-snippet-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await stack?.stop();
});

describe("the documented Realtime snippet", () => {
  it("run verbatim with the one token, it receives a live row (never `new: {}` as anon)", async () => {
    const admin = await createPerson(stack.owner, "snippet-admin@example.com");
    const token = await signToken(
      accessTokenClaims({
        origin: "http://127.0.0.1:3000",
        userId: admin.id,
        clientId: "docs",
        scope: "busymate:read",
      }),
      stack.tokenKeys,
    );
    const file = path.join(dir, "snippet.mjs");
    writeFileSync(file, realtimeSnippet(stack.url, stack.keys.publishableKey));
    const child = spawn(process.execPath, [file], { env: { ...process.env, BUSYMATE_TOKEN: token }, cwd: dir });
    try {
      let stdout = "";
      let stderr = "";
      const subscribed = new Promise<void>((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes("SUBSCRIBED")) resolve();
          if (/CHANNEL_ERROR|TIMED_OUT/.test(stderr)) reject(new Error(stderr));
        });
        child.once("exit", (code) => reject(new Error(`snippet exited ${code}: ${stderr}`)));
      });
      const row = new Promise<string>((resolve) =>
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("\n")) resolve(stdout.split("\n")[0]);
        }),
      );
      await subscribed;
      await stack.owner.query(`UPDATE public.service_stats SET snapshot = '{"probe": 42}' WHERE id = 1`);
      expect(JSON.parse(await row)).toEqual({ probe: 42 });
    } finally {
      child.kill();
    }
  });
});
