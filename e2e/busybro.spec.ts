import { expect, test } from "./fixtures";
import { BusyBroPanel } from "./pages/busybro-panel";

/** BusyBro in the dashboard, on the real stack with the real AI SDK provider and a scripted model server. */
test.describe.configure({ mode: "serial" });

test("ask from the panel: the tool hint, the streamed answer, and the conversation after a reload", async ({
  page,
  stack,
  db,
  signIn,
}) => {
  await signIn(stack.admin, "/devices");
  const busybro = new BusyBroPanel(page);
  await busybro.openWithShortcut();
  await busybro.ask("how many devices do I have?");
  const turn = busybro.lastTurn();
  await expect(turn.getByTestId("busybro-tool")).toHaveText(["List devices…"]);
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM public.devices");
  await expect(turn.getByTestId("busybro-answer")).toHaveText(`You can see ${rows[0].n} devices.`);
  await expect(turn.getByTestId("busybro-answer").locator("strong")).toHaveText(`${rows[0].n} devices`);
  await expect(turn).toHaveAttribute("data-status", "done");

  await page.reload();
  await busybro.openWithShortcut();
  await expect(busybro.turns().filter({ hasText: "how many devices do I have?" })).toHaveCount(1);
});

test("a long answer stops when the person presses Stop", async ({ page, stack, signIn }) => {
  await signIn(stack.admin, "/feed");
  const busybro = new BusyBroPanel(page);
  await busybro.openWithShortcut();
  await busybro.ask("tell me a long story");
  const turn = busybro.lastTurn();
  await expect(turn.getByTestId("busybro-answer")).toContainText("Once upon a time");
  await busybro.stop();
  await expect(turn).toHaveAttribute("data-status", "stopped");
  const sofar = await turn.getByTestId("busybro-answer").textContent();
  await page.waitForTimeout(500);
  expect(await turn.getByTestId("busybro-answer").textContent()).toBe(sofar);
});
