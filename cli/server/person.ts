import { configDir, readDevice, readLogin, serverFrom } from "../config";
import { CliError } from "../errors";
import { discoverInstance } from "./instance";
import { refreshLogin } from "./oauth";

export interface PersonAccess {
  token: string;
  supabaseUrl: string;
  publishableKey: string;
}

/**
 * A person's Busymate access token, for what a device may not do (reading captures back):
 * BUSYMATE_TOKEN when set (scripts, CI), else the one `busymate login` stored.
 */
export async function personAccess(
  server: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PersonAccess> {
  const dir = configDir(env);
  let login = await readLogin(dir);
  // An expired sign-in is renewed with its refresh token (which rotates) before anything is asked.
  if (!env.BUSYMATE_TOKEN && login && login.expires_at <= Date.now() / 1000 + 30) login = await refreshLogin(login);
  const token = env.BUSYMATE_TOKEN ?? login?.access_token;
  if (!token)
    throw new CliError("This needs a person's token: run `busymate login`, or set BUSYMATE_TOKEN to an access token.");
  const device = await readDevice(dir);
  if (device && !server) return { token, supabaseUrl: device.supabase_url, publishableKey: device.publishable_key };
  const instance = await discoverInstance(serverFrom(server ?? login?.server, env));
  return { token, supabaseUrl: instance.supabase_url, publishableKey: instance.publishable_key };
}
