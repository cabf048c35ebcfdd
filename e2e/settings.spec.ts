import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { giveRole, newAdmin } from "./support/roles";
import { SettingsPage } from "./pages/settings-page";

/** Settings against the real stack: global and device side by side, the tester, the effective settings. */
test.describe.configure({ mode: "serial" });
const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin edits global breakpoints with the tester and a device's override, seeing the effective settings", async ({
  page,
  db,
  signIn,
  make,
}) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await db.query(`UPDATE public.settings_global SET data = '{"breakpoints": [], "env": {}}' WHERE id = 1`);
  const adminId = admin.id;
  const device = await make.device(adminId, `set-phone-${s}`);
  await make.capture(device, `https://login${s}.example/v1/login`, { method: "POST" });
  await make.capture(device, `https://login${s}.example/v1/profile`);

  await signIn(admin, "/settings");
  const settings = new SettingsPage(page);
  await settings.open(device);
  const global = settings.global();
  await global.getByRole("button", { name: "Add breakpoint" }).click();
  await global.getByLabel("Global breakpoint 1 pattern").fill(`login${s}.example/v1/login*`);
  await expect(global.getByTestId("rule-tester")).toContainText("Would have held 1 of the last 2 captures");
  await global.getByLabel("Global breakpoint 1 methods").fill("GET, x y");
  await expect(page.getByTestId("settings-problem")).toContainText("Breakpoint 1 methods");
  await expect(global.getByRole("button", { name: "Save global settings" })).toBeDisabled();
  await global.getByLabel("Global breakpoint 1 methods").fill("POST");
  await settings.expandEffective();
  await expect(settings.effective()).toContainText(`login${s}.example/v1/login*`);
  await expect(page.getByTestId("effective-state")).toContainText("unsaved changes");
  await global.getByRole("button", { name: "Save global settings" }).click();
  await expect(page.getByTestId("effective-state")).toContainText("receives now");
  const saved = await db.query<{ data: { breakpoints: unknown[] } }>("SELECT data FROM public.settings_global");
  expect(saved.rows[0].data.breakpoints).toEqual([
    { pattern: `login${s}.example/v1/login*`, phase: "request", methods: ["POST"], enabled: true },
  ]);

  await settings.override("Environment variables");
  const own = settings.device();
  await own.getByRole("button", { name: "Add variable" }).click();
  await own.getByLabel("Device variable 1 name").fill("1BAD");
  await expect(page.getByTestId("settings-problem")).toContainText('Variable "1BAD"');
  await own.getByLabel("Device variable 1 name").fill(`API_${s.toUpperCase()}`);
  await own.getByLabel("Device variable 1 value").fill("https://staging.example");
  await settings.expandEffective();
  await expect(settings.effective()).toContainText("https://staging.example");
  await own.getByRole("button", { name: "Save device settings" }).click();
  await expect(page.getByTestId("effective-state")).toContainText("receives now");
  await settings.expandEffective();
  await expect(settings.effective()).toContainText("https://staging.example");
  const deviceDoc = await db.query<{ data: { env: Record<string, string> } }>(
    "SELECT data FROM public.settings_device WHERE device_uuid = $1",
    [device],
  );
  expect(deviceDoc.rows[0].data.env).toEqual({ [`API_${s.toUpperCase()}`]: "https://staging.example" });
  await expectAccessible(page);
});

test("a member edits their device's overrides but not the global defaults", async ({ page, db, make, signIn }) => {
  await db.query(
    `UPDATE public.settings_global SET data = '{"breakpoints": [{"pattern": "g.example/*", "phase": "request", "enabled": true}], "env": {}}' WHERE id = 1`,
  );
  const member = await make.person("set-member");
  const device = await make.device(member.id, "member phone");
  await signIn(member, "/settings");
  const settings = new SettingsPage(page);
  await settings.open(device);
  await expect(settings.global()).toContainText("needs a role with fleet scope");
  await expect(settings.global().getByRole("button", { name: "Save global settings" })).toHaveCount(0);
  await expect(settings.global().getByRole("button", { name: "Add breakpoint" })).toHaveCount(0);
  await expect(settings.device().getByLabel("Device inherited breakpoint 1 pattern")).toHaveValue("g.example/*");
  await settings.override("Breakpoints");
  // The override starts from what the device receives now.
  await expect(settings.device().getByLabel("Device breakpoint 1 pattern")).toHaveValue("g.example/*");
  await settings.device().getByRole("button", { name: "Add breakpoint" }).click();
  await settings.device().getByLabel("Device breakpoint 2 pattern").fill("api.member.example/*");
  await settings.device().getByRole("button", { name: "Save device settings" }).click();
  await expect(page.getByTestId("effective-state")).toContainText("receives now");
  await settings.expandEffective();
  await expect(settings.effective()).toContainText("api.member.example/*");
  await expectAccessible(page);
});

test("a role that may only view settings gets no edit controls", async ({ page, db, make, signIn }) => {
  const viewer = await make.person("set-viewer");
  await giveRole(db, viewer.id, ["settings:view", "devices:view"]);
  const device = await make.device(viewer.id, "viewer phone");
  await signIn(viewer, "/settings");
  const settings = new SettingsPage(page);
  await settings.open(device);
  await expect(settings.device()).toBeVisible();
  await expect(page.getByRole("button", { name: /^(Save|Add|Remove)/ })).toHaveCount(0);
  await expect(page.getByLabel("Override global").first()).toBeDisabled();
});
