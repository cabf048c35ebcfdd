import { tokenKeysFromEnv } from "@/lib/auth/token-keys";
import pg from "pg";
import { expect } from "vitest";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { startScriptedModel, type ScriptedModel } from "@/lib/busybro/testing/scripted-model";
import { startFakeBotApi } from "@/lib/telegram/testing/fake-bot-api";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { removeHome, startStack, stackOptions, type RunningStack, type StackOptions } from "@/lib/testing/stack";
import type { KnownValues } from "./schema-arbitrary";

/**
 * The real stack for the fuzz suite: `npm start` on a throwaway home (app, stand-in, embedded
 * PostgreSQL), BusyBro pointed at a scripted model on loopback, an admin and a member with
 * devices, captures and catalogue rows, real tokens, and a fingerprint of every public table
 * to prove a refused request changed nothing.
 */

export const TELEGRAM_TOKEN = "123456789:AAE-fuzz-telegram-token_0123456789";
export const TELEGRAM_SECRET = "fuzz-webhook-secret_0123456789";

export type Who = "member" | "admin";

export interface FuzzStack {
  stack: RunningStack;
  appUrl: string;
  restUrl: string;
  owner: pg.Pool;
  people: Record<Who, Person>;
  tokens: Record<Who, string>;
  known: KnownValues;
  model: ScriptedModel;
  fingerprint(): Promise<Map<string, string>>;
  close(): Promise<void>;
}

/** Tables that change without a request that writes (rate limiters, monitoring samples, workers). */
const VOLATILE = new Set([
  "public.device_status",
  "public.service_stats",
  "public.service_status",
  "public.stats_history",
  "public.status_history",
  "public.status_incidents",
  "auth.stand_in_rate_limits",
  "busymate_identity.rate_limits",
]);

/** Where a refused request could write: the app's tables, its identity store and Auth's users. */
const SCHEMAS = ["public", "busymate_identity", "auth"];

async function publicTables(owner: pg.Pool): Promise<string[]> {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    [SCHEMAS],
  );
  return rows.map((row) => row.name);
}

/**
 * Per table, the row count and a sum over every row version's (tableoid, ctid, xmin): any
 * committed insert, update or delete changes it, and it never reads (or detoasts) a payload.
 */
function fingerprintSql(tables: string[]): string {
  return tables
    .map(
      (table) =>
        `SELECT '${table}' AS t, count(*)::text || ':' || coalesce(sum(hashtext(x.tableoid::text || x.ctid::text || x.xmin::text)::bigint), 0)::text AS h FROM ${table} x`,
    )
    .join(" UNION ALL ");
}

async function fingerprintOf(owner: pg.Pool, sql: string): Promise<Map<string, string>> {
  const { rows } = await owner.query<{ t: string; h: string }>(sql);
  return new Map(rows.map((row) => [row.t, row.h]));
}

async function operation(appUrl: string, token: string, name: string, input: unknown) {
  const response = await fetch(`${appUrl}/api/operations/${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${name} failed in setup: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export async function startFuzzStack(): Promise<FuzzStack> {
  const model = await startScriptedModel(() => ({ text: "Two devices are online." }));
  const telegram = await startFakeBotApi(TELEGRAM_TOKEN);
  const options: StackOptions = await stackOptions();
  // Every optional outside service is configured (each a loopback fake), so no 503 "not configured" hides a path.
  options.env = {
    BUSYBRO_MODEL_URL: model.baseURL,
    BUSYBRO_MODEL: "scripted",
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_API_ROOT: telegram.apiRoot,
  };
  const stack = await startStack(options);
  const owner = new pg.Pool({ connectionString: stack.localEnv.DATABASE_URL, max: 3 });
  owner.on("error", () => undefined);
  const close = async () => {
    await owner.end().catch(() => undefined);
    await stack.stop();
    await model.close();
    await telegram.close();
    await removeHome(options.home);
  };
  try {
    return await prepare(stack, owner, model, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function prepare(
  stack: RunningStack,
  owner: pg.Pool,
  model: ScriptedModel,
  close: () => Promise<void>,
): Promise<FuzzStack> {
  const people = {
    admin: await createPerson(owner, "fuzz-admin@example.com", "admin"),
    member: await createPerson(owner, "fuzz-member@example.com", "member"),
  };
  const sign = (person: Person) =>
    signToken(
      accessTokenClaims({
        origin: stack.appUrl,
        userId: person.id,
        clientId: "busymate-fuzz",
        scope: "busymate:read busymate:write",
      }),
      tokenKeysFromEnv(stack.localEnv)!,
    );
  const tokens = { admin: await sign(people.admin), member: await sign(people.member) };

  const phones = [
    await createDevice(owner, people.member, "Member phone", { heartbeatAgo: "10 seconds" }),
    await createDevice(owner, people.admin, "Admin phone"),
  ];
  for (const phone of phones) {
    await insertEntries(owner, phone, [
      "https://api.example.com/v1/orders/1?token=abc",
      "https://api.example.com/v1/login",
      "https://cdn.example.com/app.js",
    ]);
  }
  for (const who of ["member", "admin"] as const) {
    const token = tokens[who];
    await operation(stack.appUrl, token, "create_workspace", { name: `${who} workspace`, device_uuids: [phones[0]] });
    await operation(stack.appUrl, token, "save_conversation_turn", { question: "hi", answer: "hello" }).catch(
      () => undefined,
    );
  }
  await operation(stack.appUrl, tokens.admin, "create_tag", { name: "suspicious" });
  await operation(stack.appUrl, tokens.admin, "create_service_group", {
    name: "Checkout",
    ssl_proxy_domains: ["api.example.com"],
  });
  await operation(stack.appUrl, tokens.admin, "create_agent", { slug: "triage", label: "Triage" });

  const { rows: uuidRows } = await owner.query<{ id: string }>(
    `SELECT uuid::text AS id FROM public.devices
     UNION ALL SELECT id::text FROM public.workspaces
     UNION ALL SELECT id::text FROM public.workspace_tabs
     UNION ALL SELECT id::text FROM public.tags
     UNION ALL SELECT id::text FROM public.service_groups
     UNION ALL SELECT id::text FROM public.busybro_agents
     UNION ALL SELECT id::text FROM public.busybro_conversations
     UNION ALL SELECT id::text FROM public.breakpoint_events`,
  );
  const { rows: entryRows } = await owner.query<{ id: string }>("SELECT id::text FROM public.entries");
  const { rows: roleRows } = await owner.query<{ slug: string }>("SELECT slug FROM public.roles");
  const known: KnownValues = {
    uuids: [...uuidRows.map((row) => row.id), people.member.id],
    integers: entryRows.map((row) => Number(row.id)),
    strings: [...roleRows.map((row) => row.slug), "api.example.com", "devices"],
  };

  // The OAuth server makes its signing key on first use; that one-time write is not a request's.
  await fetch(`${stack.appUrl}/oauth/authorize`);
  // Tables a background worker touches between two quiet fingerprints are left out of the comparison.
  const tables = await publicTables(owner);
  const first = await fingerprintOf(owner, fingerprintSql(tables));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const second = await fingerprintOf(owner, fingerprintSql(tables));
  const stable = tables.filter((table) => !VOLATILE.has(table) && first.get(table) === second.get(table));
  const sql = fingerprintSql(stable);

  return {
    stack,
    appUrl: stack.appUrl,
    restUrl: `${stack.localEnv.NEXT_PUBLIC_SUPABASE_URL}/rest/v1`,
    owner,
    people,
    tokens,
    known,
    model,
    fingerprint: () => fingerprintOf(owner, sql),
    close,
  };
}

/** The tables whose fingerprint differs, for a readable failure. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before.keys()].filter((table) => before.get(table) !== after.get(table));
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

export async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json };
}

/** The app's error shape: `{error: {code, message}}` with a status that matches the code's class. */
export function expectAppError(answer: Answer, context: string): { code: string; message: string; field?: string } {
  expect(answer.status, `${context}: ${answer.text.slice(0, 500)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${context}: ${answer.text.slice(0, 500)}`).toBeLessThan(500);
  const error = (answer.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expect(error, `${context}: not the error shape: ${answer.text.slice(0, 500)}`).toBeDefined();
  expect(typeof error!.code, context).toBe("string");
  expect(typeof error!.message, context).toBe("string");
  expect((error!.message as string).length, context).toBeGreaterThan(0);
  return error as { code: string; message: string; field?: string };
}

/** A seed from the environment replays a failure; otherwise fast-check picks one and prints it. */
export function fuzzParams(numRuns: number) {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: Number(process.env.FUZZ_RUNS ?? numRuns), ...(seed === undefined ? {} : { seed }) };
}
