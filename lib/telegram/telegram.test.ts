import type pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { configuredModel } from "@/lib/busybro/model";
import { startScriptedModel, toolResults, type Script, type ScriptedModel } from "@/lib/busybro/testing/scripted-model";
import { withClaims } from "@/lib/db/with-claims";
import {
  callerOf,
  createRoleWith,
  expectRefused,
  heartbeat,
  newestEntryId,
  run,
  startOperationsDb,
  type OperationsDb,
} from "@/lib/operations/testing";
import { createDevice, createPerson, deviceClaims, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { setTelegramDeployment, type TelegramDeployment } from "./deployment";
import { MESSAGE_LIMIT } from "./format";
import { sendNotifications } from "./notify";
import { startFakeBotApi, type FakeBotApi } from "./testing/fake-bot-api";
import { createTelegramWebhook, SECRET_HEADER } from "./webhook";
import { Api } from "grammy";

/**
 * The Telegram surface end to end: real PostgreSQL with every migration, the webhook handler
 * as the route runs it, grammY talking to a fake Bot API on loopback, and BusyBro's real ask
 * path against a scripted OpenAI-compatible model server.
 */

const TOKEN = "123456789:AAE-telegram-test-token_0123456789";
const SECRET = "webhook-secret-for-tests_0123456789";
const APP = "http://127.0.0.1:3999";

let db: OperationsDb;
let fake: FakeBotApi;
let deployment: TelegramDeployment;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;
let entryA: number;
let model: ScriptedModel | undefined;

const TG = { admin: 9001, a: 9002, b: 9003, stranger: 9004 };
let updateId = 1;

function textUpdate(from: number, text: string) {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: updateId++,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: from, type: "private", first_name: `u${from}` },
      from: { id: from, is_bot: false, first_name: `u${from}`, username: `user${from}` },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
    },
  };
}

function buttonUpdate(from: number, data: string, messageId: number) {
  return {
    update_id: updateId++,
    callback_query: {
      id: `cb${updateId}`,
      chat_instance: "ci",
      from: { id: from, is_bot: false, first_name: `u${from}` },
      message: {
        message_id: messageId,
        date: 0,
        chat: { id: from, type: "private", first_name: `u${from}` },
        text: "held",
      },
      data,
    },
  };
}

async function webhookWith(script: Script | null, current: () => TelegramDeployment | null = () => deployment) {
  model = script ? await startScriptedModel(script) : undefined;
  return createTelegramWebhook({
    pool: db.pool,
    deployment: current,
    modelFor: model ? configuredModel({ BUSYBRO_MODEL_URL: model.baseURL, BUSYBRO_MODEL: "scripted" }) : null,
    rateLimit: false,
  });
}

const post = (update: unknown, headers: Record<string, string> = { [SECRET_HEADER]: SECRET }) =>
  new Request(`${APP}/api/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(update),
  });

/** Texts the bot sent to one chat, oldest first. */
const sentTo = (chat: number) =>
  fake
    .sent("sendMessage")
    .filter((call) => call.params.chat_id === chat)
    .map((call) => String(call.params.text));

async function link(person: Person, telegramId: number, readWrite = false) {
  const started = await run<{ code: string; deep_link: string }>(
    db,
    "start_telegram_link",
    { read_write: readWrite },
    callerOf(person),
  );
  const webhook = await webhookWith(null);
  expect((await webhook(post(textUpdate(telegramId, `/start ${started.code}`)))).status).toBe(200);
  return started;
}

async function notifyTick(): Promise<{ sent: number; skipped: number }> {
  const client: pg.PoolClient = await db.owner.connect();
  try {
    await client.query("BEGIN");
    const result = await sendNotifications(client, db.pool, new Api(TOKEN, { apiRoot: fake.apiRoot }));
    await client.query("COMMIT");
    return result;
  } finally {
    client.release();
  }
}

/** A request held at a breakpoint, recorded by the device itself; returns the event id. */
async function hold(device: string, url: string): Promise<string> {
  return withClaims(db.pool, deviceClaims(device), async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO public.breakpoint_events (device_uuid, pattern, phase, held) VALUES ($1, '*/checkout*', 'request', $2) RETURNING id",
      [device, { request: { method: "POST", url } }],
    );
    return rows[0].id;
  });
}

beforeAll(async () => {
  db = await startOperationsDb();
  fake = await startFakeBotApi(TOKEN);
  deployment = { token: TOKEN, secret: SECRET, apiRoot: fake.apiRoot, appUrl: APP };
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(db.pool, phoneA, ["https://api.shop.example/v1/items/1"]);
  await insertEntries(db.pool, phoneB, ["https://b-private.example/v1/secret-plans"]);
  entryA = await newestEntryId(db.owner, phoneA);
});

beforeEach(() => {
  setTelegramDeployment(deployment);
  fake.clear();
});

afterEach(async () => {
  await model?.close();
  model = undefined;
});

afterAll(async () => {
  setTelegramDeployment(undefined);
  await fake?.close();
  await db?.stop();
});

describe("without a bot token", () => {
  it("the webhook answers 503 naming what to set, and linking is refused the same way", async () => {
    setTelegramDeployment(null);
    const webhook = await webhookWith(null, () => null);
    const response = await webhook(post(textUpdate(TG.a, "hi")));
    expect(response.status).toBe(503);
    const { error } = await response.json();
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.remediation).toContain("TELEGRAM_BOT_TOKEN");
    expect(error.remediation).toContain("TELEGRAM_WEBHOOK_SECRET");
    await expectRefused(run(db, "start_telegram_link", {}, callerOf(memberA)), "SERVICE_UNAVAILABLE");
    const status = await run<{ configured: boolean; remediation: string }>(
      db,
      "get_telegram_link",
      {},
      callerOf(memberA),
    );
    expect(status.configured).toBe(false);
    expect(status.remediation).toContain("TELEGRAM_BOT_TOKEN");
    expect(fake.calls).toHaveLength(0);
  });
});

describe("the webhook's secret", () => {
  it("refuses a missing or wrong secret header with 401 before any work", async () => {
    const webhook = await webhookWith(() => ({ text: "unused" }));
    const attempts: Record<string, string>[] = [
      {},
      { [SECRET_HEADER]: "wrong-secret-of-some-length" },
      { [SECRET_HEADER]: `${SECRET}x` },
    ];
    for (const headers of attempts) {
      const response = await webhook(post(textUpdate(TG.a, "/start anything"), headers));
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHORIZED");
    }
    expect(fake.calls).toHaveLength(0);
    expect(model!.requests).toHaveLength(0);
  });
});

describe("linking", () => {
  it("links with a one-time code from the deep link; the code cannot be used twice", async () => {
    const started = await link(memberA, TG.a);
    expect(started.deep_link).toBe(`https://t.me/${fake.bot.username}?start=${started.code}`);
    expect(sentTo(TG.a).at(-1)).toMatch(/^Linked to Busymate \(read-only\)/);
    const status = await run<{ link: { telegram_username: string; read_write: boolean } | null }>(
      db,
      "get_telegram_link",
      {},
      callerOf(memberA),
    );
    expect(status.link).toMatchObject({ telegram_username: `user${TG.a}`, read_write: false });

    const webhook = await webhookWith(null);
    await webhook(post(textUpdate(TG.stranger, `/start ${started.code}`)));
    const refusal = sentTo(TG.stranger).at(-1);
    expect(refusal).toBe(`That code is not valid or has expired. Get a new one at ${APP}/account`);
    // An unknown code reads exactly the same: nothing says whether a code or an account exists.
    await webhook(post(textUpdate(TG.stranger, "/start never-issued-code-123")));
    expect(sentTo(TG.stranger).at(-1)).toBe(refusal);
    const { rows } = await db.owner.query("SELECT user_id FROM public.telegram_links WHERE telegram_user_id = $1", [
      TG.stranger,
    ]);
    expect(rows).toHaveLength(0);
  });

  it("refuses an expired code", async () => {
    const { code } = await run<{ code: string }>(db, "start_telegram_link", {}, callerOf(memberB));
    await db.owner.query(
      "UPDATE public.telegram_link_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1",
      [memberB.id],
    );
    const webhook = await webhookWith(null);
    await webhook(post(textUpdate(TG.b, `/start ${code}`)));
    expect(sentTo(TG.b).at(-1)).toMatch(/^That code is not valid or has expired/);
    expect(
      (await db.owner.query("SELECT 1 FROM public.telegram_links WHERE user_id = $1", [memberB.id])).rows,
    ).toHaveLength(0);
  });

  it("rate limits starting a link per person and redeeming codes per Telegram account", async () => {
    const person = await createPerson(db.owner, "ratelimited@example.com", "member");
    for (let i = 0; i < 10; i++) await run(db, "start_telegram_link", {}, callerOf(person));
    await expectRefused(run(db, "start_telegram_link", {}, callerOf(person)), "RATE_LIMITED");

    const webhook = await webhookWith(null);
    for (let i = 0; i < 10; i++) await webhook(post(textUpdate(TG.stranger + 100, `/start guess-${i}`)));
    await webhook(post(textUpdate(TG.stranger + 100, "/start guess-10")));
    expect(sentTo(TG.stranger + 100).at(-1)).toMatch(/^Too many link attempts; try again in \d+ s\.$/);
  });

  it("tells an unlinked sender where to link, in one line", async () => {
    const webhook = await webhookWith(() => ({ text: "unused" }));
    await webhook(post(textUpdate(TG.stranger, "how many devices do I have?")));
    expect(sentTo(TG.stranger)).toEqual([`This chat is not linked to Busymate: link your account at ${APP}/account`]);
    expect(model!.requests).toHaveLength(0);
  });

  it("an admin sees who is linked; a member sees only their own link", async () => {
    const all = await run<{ items: { user_id: string }[] }>(db, "list_telegram_links", {}, callerOf(admin));
    expect(all.items.map((item) => item.user_id)).toContain(memberA.id);
    await expectRefused(run(db, "list_telegram_links", {}, callerOf(memberB)), "FORBIDDEN");
    const seen = await withClaims(
      db.pool,
      memberB.claims,
      async (client) => (await client.query("SELECT user_id FROM public.telegram_links")).rows,
    );
    expect(seen).toEqual([]);
  });
});

describe("questions from the chat", () => {
  it("are answered by BusyBro as the linked person: their captures only, read-only tools, Telegram HTML", async () => {
    const webhook = await webhookWith((request, call) =>
      call === 0
        ? { toolCalls: [{ name: "search_entries", arguments: {} }] }
        : {
            text: `Your hosts: ${toolResults(request).join(" ").includes("api.shop.example") ? "`api.shop.example`" : "none"} & more`,
          },
    );
    const response = await webhook(post(textUpdate(TG.a, "which hosts did my phone call?")));
    expect(response.status).toBe(200);
    expect(model!.requests).toHaveLength(2);
    const seen = toolResults(model!.requests[1]).join("\n");
    expect(seen).toContain("api.shop.example");
    expect(seen).not.toContain("b-private.example");
    const tools = (model!.requests[0].tools ?? []).map((t) => t.function.name);
    expect(tools).toContain("search_entries");
    expect(tools).not.toContain("update_device");
    expect(tools).not.toContain("resume_breakpoint");
    const [answer] = fake.sent("sendMessage").filter((call) => call.params.chat_id === TG.a);
    expect(answer.params).toMatchObject({
      parse_mode: "HTML",
      text: "Your hosts: <code>api.shop.example</code> &amp; more",
    });
    expect(fake.sent("sendChatAction")).toHaveLength(1);
  });

  it("splits a long answer under 4096 characters, keeps code as code blocks, and sends a repro as a document", async () => {
    const code = Array.from({ length: 300 }, (_, i) => `const line${i} = "<${i}>";`).join("\n");
    const webhook = await webhookWith((_request, call) =>
      call === 0
        ? { toolCalls: [{ name: "build_repro", arguments: { entry_ids: [entryA] } }] }
        : { text: `Here is the flow.\n\n\`\`\`js\n${code}\n\`\`\`\n\nDone.`, chunks: 20 },
    );
    await webhook(post(textUpdate(TG.a, "make me a repro of my last request")));
    const messages = fake.sent("sendMessage").filter((call) => call.params.chat_id === TG.a);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(String(message.params.text).length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(message.params.parse_mode).toBe("HTML");
    }
    const all = messages.map((message) => String(message.params.text)).join("\n");
    expect(all).toContain('<pre><code class="language-js">const line0 = "&lt;0&gt;";');
    expect(all).toContain("Done.");
    const [document] = fake.sent("sendDocument");
    expect(document.params.chat_id).toBe(TG.a);
    const file = Object.values(document.files)[0];
    const built = await run<{ files: { name: string; content: string }[] }>(
      db,
      "build_repro",
      { entry_ids: [entryA] },
      callerOf(memberA),
    );
    expect(file).toEqual(built.files[0]);
  });

  it("are refused, without asking the model, when the person's role has no BusyBro", async () => {
    await createRoleWith(db.owner, "no-busybro", ["entries:view", "breakpoints:edit"]);
    await db.owner.query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'no-busybro') WHERE user_id = $1",
      [memberA.id],
    );
    try {
      const webhook = await webhookWith(() => ({ text: "unused" }));
      await webhook(post(textUpdate(TG.a, "which hosts did my phone call?")));
      expect(sentTo(TG.a).at(-1)).toMatch(/^Your role does not include BusyBro/);
      expect(model!.requests).toHaveLength(0);
    } finally {
      await db.owner.query(
        "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'member') WHERE user_id = $1",
        [memberA.id],
      );
    }
  });

  it("says what to configure when BusyBro has no model", async () => {
    const webhook = await webhookWith(null);
    await webhook(post(textUpdate(TG.a, "hello?")));
    expect(sentTo(TG.a).at(-1)).toContain("BUSYBRO_MODEL_URL");
  });
});

describe("notifications", () => {
  it("a held breakpoint is told once, opt-in, and its Resume button resumes the exchange as the person", async () => {
    await link(memberA, TG.a, true);
    fake.clear();
    const before = await hold(phoneA, "https://api.shop.example/v1/checkout");
    expect((await notifyTick()).sent).toBe(0); // not opted in yet
    await run(db, "update_notification_preferences", { breakpoint_held: true }, callerOf(memberA));
    const event = await hold(phoneA, "https://api.shop.example/v1/checkout?again=1");
    await notifyTick();
    const notices = fake.sent("sendMessage").filter((call) => call.params.chat_id === TG.a);
    // Both are still held, so both are told once opted in.
    expect(notices.map((n) => String(n.params.text)).sort()).toEqual([
      expect.stringContaining("POST https://api.shop.example/v1/checkout</code>"),
      expect.stringContaining("POST https://api.shop.example/v1/checkout?again=1</code>"),
    ]);
    const notice = notices.find((n) => String(n.params.text).includes("again=1"))!;
    expect(notice.params.parse_mode).toBe("HTML");
    const keyboard = (notice.params.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] })
      .inline_keyboard[0];
    expect(keyboard.map((button) => button.callback_data)).toEqual([`bp:continue:${event}`, `bp:abort:${event}`]);
    expect((await notifyTick()).sent).toBe(0); // never twice

    const webhook = await webhookWith(null);
    await webhook(post(buttonUpdate(TG.a, keyboard[0].callback_data, 101)));
    const { rows } = await db.owner.query<{ resumed_at: Date | null; resumed_by: string; action: string }>(
      "SELECT resumed_at, resumed_by, resolution ->> 'action' AS action FROM public.breakpoint_events WHERE id = $1",
      [event],
    );
    expect(rows[0].resumed_at).not.toBeNull();
    expect(rows[0]).toMatchObject({ resumed_by: memberA.id, action: "continue" });
    expect(fake.sent("answerCallbackQuery").at(-1)?.params.text).toBe("Resumed.");
    expect(fake.sent("editMessageReplyMarkup")).toHaveLength(1);
    // A second press is refused by the resume-once rule, and said so.
    await webhook(post(buttonUpdate(TG.a, keyboard[0].callback_data, 101)));
    expect(fake.sent("answerCallbackQuery").at(-1)?.params).toMatchObject({ show_alert: true });
    await db.owner.query(
      'UPDATE public.breakpoint_events SET resumed_at = now(), resolution = \'{"action":"continue"}\' WHERE id = $1',
      [before],
    );
  });

  it("is never sent to someone whose role lost the capability", async () => {
    await link(memberB, TG.b, true);
    await run(
      db,
      "update_notification_preferences",
      { breakpoint_held: true, component_down: true },
      callerOf(memberB),
    );
    await createRoleWith(db.owner, "no-breakpoints", ["devices:edit", "entries:view"]);
    await db.owner.query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'no-breakpoints') WHERE user_id = $1",
      [memberB.id],
    );
    fake.clear();
    const held = await hold(phoneB, "https://b-private.example/v1/checkout");
    const result = await notifyTick();
    expect(result.skipped).toBeGreaterThan(0);
    expect(sentTo(TG.b)).toEqual([]);
    await db.owner.query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'member') WHERE user_id = $1",
      [memberB.id],
    );
    await run(db, "resume_breakpoint", { event_id: held, action: "abort" }, callerOf(memberB));
  });

  it("a deactivated person is told nothing, and the tick still serves everyone else", async () => {
    // memberB is linked with breakpoint notices on (previous test); a ban made in SQL, as Studio would.
    await db.owner.query("UPDATE auth.users SET banned_until = now() + interval '1 day' WHERE id = $1", [memberB.id]);
    try {
      fake.clear();
      const held = await hold(phoneB, "https://b-private.example/v1/checkout?banned=1");
      const result = await notifyTick();
      expect(result.skipped).toBeGreaterThan(0);
      expect(sentTo(TG.b)).toEqual([]);
      await db.owner.query("UPDATE auth.users SET banned_until = NULL WHERE id = $1", [memberB.id]);
      await run(db, "resume_breakpoint", { event_id: held, action: "abort" }, callerOf(memberB));
    } finally {
      await db.owner.query("UPDATE auth.users SET banned_until = NULL WHERE id = $1", [memberB.id]);
    }
  });

  it("a device going offline and a component going down are told once per outage, to those who may see them", async () => {
    await link(admin, TG.admin);
    await run(db, "update_notification_preferences", { component_down: true }, callerOf(admin));
    await run(db, "update_notification_preferences", { device_offline: true, component_down: true }, callerOf(memberA));
    await heartbeat(db.owner, phoneA, 300);
    await db.owner.query(
      `UPDATE public.service_status SET snapshot = '{"overall":"degraded","components":[{"key":"realtime","label":"Realtime","probe":{"up":false,"latencyMs":5,"error":"websocket error"}}]}'`,
    );
    fake.clear();
    await notifyTick();
    expect(sentTo(TG.a)).toEqual([expect.stringMatching(/^📴 <b>A phone<\/b> is offline: no heartbeat since /)]);
    // A member has no status:view; the admin does.
    expect(sentTo(TG.admin)).toEqual(["🔴 <b>Realtime</b> is down: websocket error"]);
    expect(sentTo(TG.b)).toEqual([]);
    await notifyTick();
    expect(fake.sent("sendMessage")).toHaveLength(2);

    // Back up, then down again: a new outage is a new notice.
    await heartbeat(db.owner, phoneA, 0);
    await db.owner.query(`UPDATE public.service_status SET snapshot = '{"overall":"ok","components":[]}'`);
    await notifyTick();
    await heartbeat(db.owner, phoneA, 200);
    await notifyTick();
    expect(sentTo(TG.a)).toHaveLength(2);
  });
});

describe("unlinking", () => {
  it("/unlink ends it all: questions, buttons and notifications", async () => {
    const event = await hold(phoneA, "https://api.shop.example/v1/checkout?after-unlink=1");
    const webhook = await webhookWith(() => ({ text: "unused" }));
    fake.clear();
    await webhook(post(textUpdate(TG.a, "/unlink")));
    expect(sentTo(TG.a)).toEqual(["Unlinked. This chat no longer acts for you in Busymate."]);
    await webhook(post(textUpdate(TG.a, "are you still there?")));
    expect(sentTo(TG.a).at(-1)).toBe(`This chat is not linked to Busymate: link your account at ${APP}/account`);
    await webhook(post(buttonUpdate(TG.a, `bp:continue:${event}`, 102)));
    expect(fake.sent("answerCallbackQuery").at(-1)?.params).toMatchObject({
      text: `This chat is not linked to Busymate: link your account at ${APP}/account`,
    });
    const still = await db.owner.query("SELECT resumed_at FROM public.breakpoint_events WHERE id = $1", [event]);
    expect(still.rows[0].resumed_at).toBeNull();
    await notifyTick();
    expect(sentTo(TG.a)).toHaveLength(2);
    expect(model!.requests).toHaveLength(0);

    // From the account page too.
    expect(await run(db, "unlink_telegram", {}, callerOf(memberB))).toEqual({ unlinked: true });
    expect(await run(db, "unlink_telegram", {}, callerOf(memberB))).toEqual({ unlinked: false });
    await webhook(post(textUpdate(TG.b, "hi")));
    expect(sentTo(TG.b).at(-1)).toMatch(/^This chat is not linked/);
  });
});
