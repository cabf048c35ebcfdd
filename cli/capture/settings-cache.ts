import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeSecretFile } from "../config";
import { DEFAULT_SETTINGS, parseSettings, type EffectiveSettings } from "../server/settings";

/** The last effective settings seen, so a capture started while the server is away still decrypts what it should. */
const file = (dir: string) => path.join(dir, "settings-cache.json");

export async function readCachedSettings(dir: string): Promise<EffectiveSettings> {
  try {
    return parseSettings(JSON.parse(await readFile(file(dir), "utf8")));
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export async function cacheSettings(dir: string, settings: EffectiveSettings): Promise<void> {
  const { ignoredBreakpoints: _ignored, ...data } = settings;
  await writeSecretFile(file(dir), JSON.stringify(data));
}
