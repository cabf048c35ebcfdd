import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { tokenKeysFromEnv } from "@/lib/auth/token-keys";
import type { HarEntry } from "@/lib/capture/har";
import { byUrl, expectedAfterRoundTrip } from "@/lib/har/round-trip";
import { removeDir, runCli, startCliStack, tempConfigDir, type CliStack } from "../testing/stack";

/** import and export --har against the real stack: a Chrome export goes in and comes back out. */

const fixture = (name: string) => path.join(import.meta.dirname, "..", "..", "lib", "har", "fixtures", name);

let harness: CliStack;
let configDir: string;
let env: Record<string, string>;
let device: string;

beforeAll(async () => {
  harness = await startCliStack();
  configDir = tempConfigDir();
  env = { BUSYMATE_CONFIG_DIR: configDir, BUSYMATE_SERVER: harness.stack.appUrl };
  device = await harness.newDevice("har laptop");
  expect((await runCli(["pair", await harness.pairingCode(device)], env)).code).toBe(0);
});

afterAll(async () => {
  await harness?.close();
  await removeDir(configDir);
});

const countRows = async () =>
  Number(
    (await harness.owner.query("SELECT count(*) FROM public.entries WHERE device_uuid = $1", [device])).rows[0].count,
  );

describe("busymate import / export --har", () => {
  it("imports a Chrome HAR, exports it again with a person's token, and every HAR field survives", async () => {
    const imported = await runCli(["import", fixture("chrome.har"), "--json"], env);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      entries: 3,
      imported: 3,
      uploaded: 3,
      spooled: 0,
      skipped: [],
    });
    expect(await countRows()).toBe(3);

    // The same file again stores nothing new: each entry's id is fixed by its place and content.
    expect((await runCli(["import", fixture("chrome.har"), "--json"], env)).code).toBe(0);
    expect(await countRows()).toBe(3);

    const token = await signToken(
      accessTokenClaims({
        origin: harness.stack.appUrl,
        userId: harness.person.id,
        clientId: "busymate-cli-test",
        scope: "busymate:read",
      }),
      tokenKeysFromEnv(harness.stack.localEnv)!,
    );
    const output = path.join(configDir, "out.har");
    const exported = await runCli(["export", "--har", "--device", device, "-o", output], {
      ...env,
      BUSYMATE_TOKEN: token,
    });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain("Exported 3 entries");
    const back = JSON.parse(readFileSync(output, "utf8")).log.entries as HarEntry[];
    const original = JSON.parse(readFileSync(fixture("chrome.har"), "utf8")).log.entries as HarEntry[];
    // Newest first out; the fixture is oldest first: compared by URL.
    const expected = expectedAfterRoundTrip(original);
    expect(byUrl(back)).toEqual(expected);
  });

  it("reports mended and skipped entries of a messy HAR, and refuses a broken file in one line", async () => {
    const messy = await runCli(["import", fixture("messy.har"), "--json"], env);
    expect(messy.code).toBe(0);
    const report = JSON.parse(messy.stdout);
    expect(report).toMatchObject({ entries: 6, imported: 3, uploaded: 3 });
    expect(report.skipped).toEqual([
      { index: 3, reason: "not an http(s) URL (data:image/png;base64,AAAA)" },
      { index: 4, reason: "response status 700 is not an HTTP status" },
      { index: 5, reason: "not an object" },
    ]);
    expect(report.mended["NUL in a text body kept as base64"]).toBe(1);

    const broken = path.join(configDir, "broken.har");
    (await import("node:fs")).writeFileSync(broken, '{"log":{"entries":[{"request":');
    const refused = await runCli(["import", broken], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `busymate: ${broken} ends inside log.entries: the file is cut short (0 entries read).\n`,
    );

    const noToken = await runCli(["export", "--har"], env);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(
      /^busymate: This needs a person's token: run `busymate login`, or set BUSYMATE_TOKEN/,
    );
  });
});
