import type { Command } from "commander";
import { serverFrom, writeDevice, type DeviceFile } from "../config";
import { CliError } from "../errors";
import { printJson, printLines, spinner } from "../output";
import { DeviceSession } from "../server/device-session";
import { HttpError, postJson } from "../server/http";
import { discoverInstance } from "../server/instance";

interface PairResponse {
  device_uuid: string;
  credential: string;
  token_endpoint: string;
}

/** `now` is the device's clock (tests run it minutes off the server's). */
export async function pairDevice(
  code: string,
  server: string,
  configDir?: string,
  now: () => number = Date.now,
): Promise<DeviceFile> {
  const instance = await discoverInstance(server);
  let paired: PairResponse;
  try {
    paired = await postJson<PairResponse>(instance.pair_endpoint, { code });
  } catch (error) {
    if (error instanceof HttpError && (error.status === 401 || error.status === 400))
      throw new CliError(
        "The pairing code was refused: it is unknown, already used or expired (codes last 10 minutes). Get a new one from the dashboard's Devices page.",
      );
    throw error;
  }
  const device: DeviceFile = {
    server: instance.app_url,
    supabase_url: instance.supabase_url,
    publishable_key: instance.publishable_key,
    token_endpoint: paired.token_endpoint,
    device_uuid: paired.device_uuid,
    credential: paired.credential,
    paired_at: new Date(now()).toISOString(),
  };
  // The credential is shown once: keep it before anything else can fail.
  await writeDevice(device, configDir);
  // Prove it buys a token now rather than at the first capture.
  await new DeviceSession(device, now).accessToken();
  return device;
}

export function registerPair(program: Command): void {
  program
    .command("pair")
    .description("Pair this machine as a device, with the one-time code from the dashboard's add-device dialog")
    .argument("<code>", "the pairing code (10 characters, valid 10 minutes)")
    .option("--server <url>", "the Busymate app's URL (default: $BUSYMATE_SERVER or http://127.0.0.1:3000)")
    .option("--json", "machine-readable output")
    .action(async (code: string, options: { server?: string; json?: boolean }) => {
      const server = serverFrom(options.server);
      const progress = spinner(`Pairing with ${server}…`, options.json);
      try {
        const device = await pairDevice(code, server);
        progress.stop();
        if (options.json) printJson({ device_uuid: device.device_uuid, server: device.server });
        else
          printLines(
            `Paired as device ${device.device_uuid} with ${device.server}.`,
            "Next: `busymate capture` starts the proxy; `busymate ca` shows how to trust its certificate.",
          );
      } catch (error) {
        progress.stop();
        throw error;
      }
    });
}
