import { test, expect } from "./fixtures";
import { TelegramSection } from "./pages/telegram-section";
import { botCalls, buttonPress, sendUpdate, textMessage } from "./support/telegram";
import { withClaims } from "@/lib/db/with-claims";
import { deviceClaims } from "@/lib/testing/db-fixtures";

test("a person links Telegram from the account page, is told of a held request and resumes it from the chat", async ({
  page,
  stack,
  db,
  make,
  signIn,
}) => {
  const person = await make.person("telegram");
  const phone = await make.device(person.id, "Telegram phone");
  const chat = 700_000_000 + Math.floor(Math.random() * 1_000_000);
  await signIn(person, "/account");
  const telegram = new TelegramSection(page);
  await telegram.open();

  const deepLink = await telegram.startLink({ readWrite: true });
  const code = new URL(deepLink).searchParams.get("start") ?? "";
  expect(deepLink).toMatch(/^https:\/\/t\.me\/busymate_test_bot\?start=/);
  expect((await sendUpdate(stack.appUrl, textMessage(chat, `/start ${code}`))).status).toBe(200);
  await expect(telegram.linked()).toContainText(`Linked to @phone${chat} (read-write)`);

  await telegram.notice(/A request is held at a breakpoint/).check();
  await expect(telegram.notice(/A request is held at a breakpoint/)).toBeChecked();

  const event = await withClaims(db, deviceClaims(phone), async (client) => {
    const { rows } = await client.query<{ id: string }>(
      "INSERT INTO public.breakpoint_events (device_uuid, pattern, held) VALUES ($1, '*/pay*', $2) RETURNING id",
      [phone, { request: { method: "POST", url: "https://shop.example/pay" } }],
    );
    return rows[0].id;
  });
  // The notifications worker ticks every 5 s.
  await expect
    .poll(
      async () =>
        (await botCalls()).find(
          (call) =>
            call.method === "sendMessage" && call.params.chat_id === chat && String(call.params.text).includes("/pay"),
        ),
      { timeout: 20_000 },
    )
    .toBeTruthy();
  expect((await sendUpdate(stack.appUrl, buttonPress(chat, `bp:continue:${event}`))).status).toBe(200);
  const { rows } = await db.query<{ resumed_by: string | null }>(
    "SELECT resumed_by FROM public.breakpoint_events WHERE id = $1",
    [event],
  );
  expect(rows[0].resumed_by).toBe(person.id);

  await telegram.unlink();
  await sendUpdate(stack.appUrl, textMessage(chat, "still there?"));
  const last = (await botCalls()).filter((call) => call.params.chat_id === chat).at(-1);
  expect(String(last?.params.text)).toMatch(/^This chat is not linked to Busymate: link your account at .*\/account$/);
});
