import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRow, deviceClient, pairInProcess, waitFor } from "@/cli/testing/faults";
import { removeDir, startCliStack, tempConfigDir, type CliStack } from "@/cli/testing/stack";
import { Uploader } from "@/cli/upload/uploader";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * A device whose clock is five minutes ahead of or behind the server's pairs, renews its
 * token and uploads. The device's clock is simulated where the CLI keeps time for tokens
 * (`DeviceSession`'s clock, `pairDevice`'s), never the server's: the server mints and checks
 * every token on its own clock, and the device only measures `expires_in` on its own.
 */

let harness: CliStack;
const dirs: string[] = [];

beforeAll(async () => {
  harness = await startCliStack();
});

afterAll(async () => {
  await harness?.close();
  for (const dir of dirs) await removeDir(dir);
});

describe.each([
  ["ahead of", "ahead", 5 * 60_000],
  ["behind", "behind", -5 * 60_000],
])("a device clock five minutes %s the server's", (_, label, skewMs) => {
  it("pairs, renews its token when its own clock says so, and uploads", async () => {
    let deviceTime = Date.now() + skewMs;
    let realAtSet = Date.now();
    const now = () => deviceTime + (Date.now() - realAtSet);
    const advance = (ms: number) => {
      deviceTime = now() + ms;
      realAtSet = Date.now();
    };
    const configDir = tempConfigDir();
    dirs.push(configDir);
    const device = await pairInProcess(harness, `skewed ${label}`, configDir, now);

    const first = await device.session.accessToken();
    const claims = decodeJwt(first);
    const serverNow = Date.now() / 1000;
    // The token is the server's: minted on its clock, whatever the device's says.
    expect(Math.abs(claims.iat! - serverNow)).toBeLessThan(60);
    expect(claims.exp! - claims.iat!).toBe(900);

    // Through the CLI's uploader (spool, REST as the device) and through supabase-js.
    const uploader = new Uploader({ spoolDir: `${configDir}/spool`, session: device.session, segmentMs: 20 });
    await uploader.start();
    const ids: string[] = [];
    const upload = async (marker: string) => {
      const { id, row } = captureRow(device.uuid, `https://api.example/skew?case=${label}-${marker}`, new Date(now()));
      uploader.add(row.payload as unknown as TrafficLogEntry);
      ids.push(id);
      const direct = captureRow(device.uuid, `https://api.example/skew?case=${label}-${marker}-js`, new Date(now()));
      const { error } = await deviceClient(device).from("entries").insert([direct.row]);
      expect(error).toBeNull();
      ids.push(direct.id);
    };
    await upload("first");
    expect(await device.session.accessToken()).toBe(first);

    // 14 minutes later by the device's clock the token is renewed early, and the new one works.
    advance(14 * 60_000 + 1_000);
    const renewed = await device.session.accessToken();
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed).sub).toBe(device.uuid);
    await upload("renewed");

    await waitFor(async () => {
      const { rows } = await harness.owner.query<{ capture_id: string }>(
        "SELECT capture_id::text FROM public.entries WHERE device_uuid = $1",
        [device.uuid],
      );
      const stored = new Set(rows.map((row) => row.capture_id));
      return ids.every((id) => stored.has(id)) && rows.length === ids.length;
    }, "every upload stored once");
    await uploader.stop();
  });
});
