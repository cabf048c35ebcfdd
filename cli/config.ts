import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { CliError } from "./errors";

/**
 * Where the CLI keeps its state: BUSYMATE_CONFIG_DIR, else the platform's user config
 * directory. Credentials are written 0600 (and the directory 0700) so other local users
 * cannot read them.
 */
export function configDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.BUSYMATE_CONFIG_DIR) return path.resolve(env.BUSYMATE_CONFIG_DIR);
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(os.homedir(), "AppData", "Roaming"), "busymate");
  if (platform === "darwin") return path.join(os.homedir(), "Library", "Application Support", "busymate");
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "busymate");
}

export const paths = (dir = configDir()) => ({
  dir,
  device: path.join(dir, "device.json"),
  login: path.join(dir, "login.json"),
  caCert: path.join(dir, "ca.pem"),
  caKey: path.join(dir, "ca-key.pem"),
  spool: path.join(dir, "spool"),
});

/** The default server when neither --server nor BUSYMATE_SERVER says: `npm start`'s address. */
export const DEFAULT_SERVER = "http://127.0.0.1:3000";

export function serverFrom(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = option ?? env.BUSYMATE_SERVER ?? DEFAULT_SERVER;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol))
    throw new CliError(`--server must be an http(s) URL, got "${raw}".`);
  return raw.replace(/\/+$/, "");
}

export const deviceFileSchema = z.object({
  server: z.string(),
  supabase_url: z.string(),
  publishable_key: z.string(),
  token_endpoint: z.string(),
  device_uuid: z.uuid(),
  credential: z.string().min(1),
  paired_at: z.string(),
});
export type DeviceFile = z.infer<typeof deviceFileSchema>;

/** Writes a secret file atomically with mode 0600 (a crash never leaves half a credential). */
export async function writeSecretFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

async function readJsonFile(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; remove it and pair again.`);
  }
}

export async function readDevice(dir = configDir()): Promise<DeviceFile | undefined> {
  const file = paths(dir).device;
  const data = await readJsonFile(file);
  if (data === undefined) return undefined;
  const parsed = deviceFileSchema.safeParse(data);
  if (!parsed.success) throw new CliError(`${file} is damaged; pair again with \`busymate pair <code>\`.`);
  return parsed.data;
}

export async function requireDevice(dir = configDir()): Promise<DeviceFile> {
  const device = await readDevice(dir);
  if (!device)
    throw new CliError("This machine is not paired: run `busymate pair <code>` with a code from the dashboard.");
  return device;
}

export async function writeDevice(device: DeviceFile, dir = configDir()): Promise<void> {
  await writeSecretFile(paths(dir).device, `${JSON.stringify(device, null, 2)}\n`);
}

export const loginFileSchema = z.object({
  server: z.string(),
  access_token: z.string(),
  refresh_token: z.string().optional(),
  expires_at: z.number(),
  client_id: z.string(),
  token_endpoint: z.string(),
});
export type LoginFile = z.infer<typeof loginFileSchema>;

export async function readLogin(dir = configDir()): Promise<LoginFile | undefined> {
  const data = await readJsonFile(paths(dir).login);
  if (data === undefined) return undefined;
  const parsed = loginFileSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

export async function writeLogin(login: LoginFile, dir = configDir()): Promise<void> {
  await writeSecretFile(paths(dir).login, `${JSON.stringify(login, null, 2)}\n`);
}
