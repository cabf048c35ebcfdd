import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createServerClient } from "@supabase/ssr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "@/lib/oauth/testing/browser";
import { giveConsent, untilConsent } from "@/lib/oauth/testing/oauth-fixture";
import { removeDir, runCli, spawnCli, startCliStack, tempConfigDir, type CliStack } from "../testing/stack";

/**
 * `busymate login` against the real app's OAuth server: the person's side (sign-in cookie,
 * consent) is driven over real HTTP the way the dashboard's pages post it; the CLI's side is
 * the command itself, catching the code on its loopback redirect.
 */

let harness: CliStack;
let configDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  harness = await startCliStack();
  configDir = tempConfigDir();
  env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: harness.stack.appUrl };
});

afterAll(async () => {
  await harness?.close();
  await removeDir(configDir);
});

async function signedInBrowser(): Promise<TestBrowser> {
  const browser = new TestBrowser(harness.stack.appUrl);
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: key } = harness.stack.localEnv;
  const client = createServerClient(url, key, {
    cookies: { getAll: () => [], setAll: (list) => list.forEach(({ name, value }) => browser.setCookie(name, value)) },
  });
  const { error } = await client.auth.signInWithPassword({ email: harness.person.email, password: "not-used-here" });
  if (error) throw error;
  return browser;
}

describe("busymate login", () => {
  it("signs a person in with PKCE on a loopback redirect; export then uses (and refreshes) that sign-in", async () => {
    const browser = await signedInBrowser();
    const login = spawnCli(["login", "--no-browser", "--json"], env);
    const deadline = Date.now() + 30_000;
    while (!/https?:\/\/\S+oauth\S+/.test(login.stderr()) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const url = /(https?:\/\/\S+)/.exec(login.stderr().split("\n")[1] ?? "")?.[1];
    expect(url, login.stderr()).toBeDefined();
    expect(new URL(url!).searchParams.get("code_challenge_method")).toBe("S256");

    const uid = await untilConsent(browser, url!);
    const redirectUri = new URL(url!).searchParams.get("redirect_uri")!;
    expect(redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const redirect = await giveConsent(browser, uid, "read", redirectUri);
    const landed = await fetch(redirect);
    expect(await landed.text()).toContain("signed in");
    expect(await login.exited, login.stderr()).toBe(0);
    expect(JSON.parse(login.stdout())).toMatchObject({ server: harness.stack.appUrl, client_id: expect.any(String) });
    const file = path.join(configDir, "login.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const device = await harness.newDevice("listed");
    await harness.owner.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
      device,
      {
        startedAt: new Date().toISOString(),
        source: "cli",
        request: { method: "GET", url: "https://login.example/x", httpVersion: "HTTP/1.1", headers: [] },
        response: { status: 200, statusText: "OK", httpVersion: "HTTP/1.1", headers: [] },
      },
    ]);
    const exported = await runCli(["export", "--har", "--device", device], env);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout).log.entries.map((e: { request: { url: string } }) => e.request.url)).toEqual([
      "https://login.example/x",
    ]);

    // An expired access token is renewed with the refresh token, which rotates.
    const saved = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...saved, expires_at: 0 }), { mode: 0o600 });
    const again = await runCli(["export", "--har", "--device", device], env);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const renewed = JSON.parse(readFileSync(file, "utf8"));
    expect(renewed.expires_at).toBeGreaterThan(Date.now() / 1000);
    expect(renewed.refresh_token).not.toBe(saved.refresh_token);
  });
});
