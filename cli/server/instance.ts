import { z } from "zod";
import { CliError } from "../errors";
import { HttpError, requestJson } from "./http";

/** What GET /api/instance tells a device about where this Busymate's parts live. */
export const instanceSchema = z.object({
  app_url: z.string(),
  supabase_url: z.string(),
  publishable_key: z.string(),
  pair_endpoint: z.string(),
  token_endpoint: z.string(),
});
export type Instance = z.infer<typeof instanceSchema>;

export async function discoverInstance(server: string): Promise<Instance> {
  let data: unknown;
  try {
    data = await requestJson(`${server}/api/instance`);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404)
      throw new CliError(`${server} is not a Busymate server (no /api/instance), or it is older than this CLI.`);
    throw error;
  }
  const parsed = instanceSchema.safeParse(data);
  if (!parsed.success) throw new CliError(`${server}/api/instance answered something this CLI does not understand.`);
  return parsed.data;
}
