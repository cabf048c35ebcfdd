import { configDir, readDevice, readLogin, serverFrom } from "../config";
import { CliError } from "../errors";
import { discoverInstance } from "./instance";

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
  const login = await readLogin(dir);
  const token =
    env.BUSYMATE_TOKEN ?? (login && login.expires_at > Date.now() / 1000 + 30 ? login.access_token : undefined);
  if (!token)
    throw new CliError(
      login
        ? "Your sign-in has expired: run `busymate login` again (or set BUSYMATE_TOKEN)."
        : "This needs a person's token: run `busymate login`, or set BUSYMATE_TOKEN to an access token.",
    );
  const device = await readDevice(dir);
  if (device && !server) return { token, supabaseUrl: device.supabase_url, publishableKey: device.publishable_key };
  const instance = await discoverInstance(serverFrom(server ?? login?.server, env));
  return { token, supabaseUrl: instance.supabase_url, publishableKey: instance.publishable_key };
}
