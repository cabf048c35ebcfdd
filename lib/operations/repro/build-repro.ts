import { z } from "zod";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { buildRepro } from "@/lib/repro";
import { secretlintFindings } from "@/lib/secrets/secretlint";
import { capturedTexts } from "../entries/redact";
import { notFound } from "@/lib/errors";
import { defineOperation } from "../types";

/** A selection larger than this is more than one flow; the dashboard's "this flow" stays far below it. */
export const MAX_REPRO_ENTRIES = 2_000;

const output = z.object({
  scheme: z.string().describe('The authentication scheme the flow shows, e.g. "oauth2-authorization-code-pkce"'),
  steps: z
    .array(
      z.object({
        entry_id: z.number(),
        purpose: z.string().describe("Why the step is in the program, and which values flow in and out"),
        method: z.string(),
        url: z.string().describe("The captured URL, secrets as {{NAME}}"),
      }),
    )
    .describe("The captures the program replays, in order; unrelated ones are left out"),
  placeholders: z
    .array(z.object({ name: z.string(), description: z.string() }))
    .describe("Environment variables the person fills in (password, API key, client secret…)"),
  origins: z
    .array(z.object({ name: z.string(), default: z.string() }))
    .describe("Environment variables for scheme://host:port, defaulting to the captured origin"),
  files: z.array(z.object({ name: z.string(), content: z.string() })).describe("files[0] is the entry point"),
  run: z.string().describe('How to run it, e.g. "node repro.mjs"'),
});

export const buildReproOperation = defineOperation({
  name: "build_repro",
  title: "Build a runnable repro of a captured flow",
  description:
    "Turns captured requests (a login → token → API call → refresh flow, noise included) into one program that replays the flow " +
    "against the live service. Values the service hands out (tokens, cookies, CSRF values, authorization codes) are correlated across " +
    "responses and obtained at run time, PKCE verifiers, states and timestamps are made fresh, and whatever the person must supply " +
    "(password, API key, signing secret) is read from the environment variables listed in `placeholders`. Analytics, assets, " +
    "feature flags, preflights, retried 401s and logout are left out; `steps` says why each kept capture is there. " +
    "No secret from the captures appears in the result. Give entry_ids in capture order (from search_entries).",
  domain: "entries",
  input: z
    .object({
      entry_ids: z
        .array(z.number().int().positive())
        .min(1)
        .max(MAX_REPRO_ENTRIES)
        .describe("The captures of the flow, in capture order; unrelated ones may be included"),
      language: z
        .enum(["node", "python", "curl"])
        .default("node")
        .describe("node (default), python or curl (POSIX sh)"),
    })
    .strict(),
  output,
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { entry_ids: [1201, 1202, 1205, 1206], language: "node" },
  async handler(input, { db }) {
    const ids = [...new Set(input.entry_ids)];
    const rows = await db.query<{ id: string; payload: TrafficLogEntry }>(
      "SELECT id, payload FROM public.entries WHERE id = ANY($1::bigint[])",
      [ids],
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row.payload]));
    const missing = ids.find((id) => !byId.has(id));
    if (missing !== undefined) throw notFound(`Entry ${missing}`, "Find entries with search_entries.");
    const items = ids.map((id) => ({ id, entry: byId.get(id)! }));
    // secretlint's rules find what ours may not (cloud keys, connection strings); the program must not contain those either.
    const extra = await secretlintFindings(items.flatMap(({ entry }) => capturedTexts(entry)));
    return buildRepro(items, input.language, { extraSecrets: extra.map((f) => f.value) });
  },
});
