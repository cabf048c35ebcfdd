import { stat } from "node:fs/promises";
import path from "node:path";
import { freePort } from "@/lib/embedded/ports";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, runCli, startCliStack, tempConfigDir, type CliStack } from "../testing/stack";

/** pair, status and ca against the real stack, as a person runs them. */

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

describe("busymate pair / status / ca", () => {
  it("says plainly when it is not paired yet", async () => {
    const result = await runCli(["status", "--json"], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ paired: false, config_dir: configDir });
  });

  it("pairs with the dashboard's code, keeps the credential 0600, and status names the device", async () => {
    const device = await harness.newDevice("ci laptop");
    const code = await harness.pairingCode(device);
    const paired = await runCli(["pair", code, "--server", harness.stack.appUrl, "--json"], env);
    expect(paired.stderr).toBe("");
    expect(paired.code).toBe(0);
    expect(JSON.parse(paired.stdout)).toEqual({ device_uuid: device, server: harness.stack.appUrl });
    const file = await stat(path.join(configDir, "device.json"));
    expect(file.mode & 0o777).toBe(0o600);

    const status = await runCli(["status", "--json"], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      paired: true,
      device_uuid: device,
      device_name: "ci laptop",
      device_kind: "cli",
      reachable: true,
      server: harness.stack.appUrl,
    });
  });

  it("refuses a used code in one line and a non-zero exit", async () => {
    const device = await harness.newDevice("second");
    const code = await harness.pairingCode(device);
    const other = tempConfigDir();
    try {
      expect((await runCli(["pair", code], { ...env, BUSYMATE_CONFIG_DIR: other })).code).toBe(0);
      const again = await runCli(["pair", code], { ...env, BUSYMATE_CONFIG_DIR: other });
      expect(again.code).toBe(1);
      expect(again.stderr.trim().split("\n")).toHaveLength(1);
      expect(again.stderr).toMatch(/^busymate: The pairing code was refused/);
    } finally {
      await removeDir(other);
    }
  });

  it("says the credential is gone after the owner revokes it", async () => {
    const device = await harness.newDevice("revoked");
    const other = tempConfigDir();
    try {
      expect(
        (await runCli(["pair", await harness.pairingCode(device)], { ...env, BUSYMATE_CONFIG_DIR: other })).code,
      ).toBe(0);
      await harness.owner.query(
        "UPDATE busymate_identity.device_credentials SET revoked_at = now() WHERE device_uuid = $1",
        [device],
      );
      const status = await runCli(["status", "--json"], { ...env, BUSYMATE_CONFIG_DIR: other });
      expect(status.code).toBe(1);
      expect(JSON.parse(status.stdout)).toMatchObject({
        reachable: false,
        problem: expect.stringMatching(/pair again/),
      });
    } finally {
      await removeDir(other);
    }
  });

  it("makes the CA once and prints its path", async () => {
    const first = await runCli(["ca", "--json"], env);
    expect(JSON.parse(first.stdout)).toMatchObject({ cert_path: path.join(configDir, "ca.pem"), created: true });
    const again = await runCli(["ca", "--path"], env);
    expect(again.stdout.trim()).toBe(path.join(configDir, "ca.pem"));
    expect(JSON.parse((await runCli(["ca", "--json"], env)).stdout).created).toBe(false);
    expect((await stat(path.join(configDir, "ca-key.pem"))).mode & 0o777).toBe(0o600);
  });

  it("answers --help for every command, and an unknown server in one line", async () => {
    for (const command of ["pair", "login", "status", "ca", "capture", "run", "import", "export"]) {
      const help = await runCli([command, "--help"], env);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: busymate ${command}`);
    }
    const closed = await freePort();
    const bad = await runCli(["pair", "ABCDEFGHJK", "--server", `http://127.0.0.1:${closed}`], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`busymate: Cannot reach http://127.0.0.1:${closed} (fetch failed: ECONNREFUSED).\n`);
  });
});
