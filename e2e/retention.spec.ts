import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { newAdmin } from "./support/roles";
import { SettingsPage } from "./pages/settings-page";
import { formatBytes } from "@/lib/feed/format";

/** The retention setting on the settings page: the dry run as it is typed, saving, and who may. */
test.describe.configure({ mode: "serial" });

test.afterAll(async ({ db }) => {
  await db.query("UPDATE public.settings_global SET retention_days = NULL, retention_max_bytes = NULL WHERE id = 1");
});

test("an admin sees what a retention setting would free before saving it, then saves it", async ({
  page,
  db,
  make,
  signIn,
}) => {
  await db.query("UPDATE public.settings_global SET retention_days = NULL, retention_max_bytes = NULL WHERE id = 1");
  const admin = await newAdmin(db);
  const device = await make.device(admin.id, "retention phone");
  // An install that has run for ten weeks: old weekly partitions, one with captures.
  await db.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '10 weeks', 9)");
  await db.query(
    `INSERT INTO public.entries (ts, device_uuid, payload)
     SELECT now() - interval '9 weeks', $1, jsonb_build_object('source', 'cli', 'durationMs', 5,
       'request', jsonb_build_object('method', 'GET', 'url', 'https://old.retention.example/' || g, 'headers', '[]'::jsonb),
       'response', jsonb_build_object('status', 200, 'headers', '[]'::jsonb))
     FROM generate_series(1, 50) g`,
    [device],
  );
  const plan = await db.query<{ freed: string; weeks: number }>(
    "SELECT coalesce(sum(bytes), 0) AS freed, count(name)::int AS weeks FROM busymate_private.retention_plan(28, NULL)",
  );
  const expected = { freed_bytes: Number(plan.rows[0].freed), partitions: { length: plan.rows[0].weeks } };
  expect(expected.partitions.length).toBeGreaterThan(0);

  await signIn(admin, "/settings");
  const settings = new SettingsPage(page);
  await settings.open();
  const retention = settings.retention();
  await expect(settings.retentionEstimate()).toContainText("Nothing is deleted");
  await retention.getByLabel("Retention days").fill("28");
  await expect(settings.retentionEstimate()).toContainText(
    `This setting would free ${formatBytes(expected.freed_bytes)} (${expected.partitions.length} weeks`,
  );
  await retention.getByLabel("Retention size cap in MiB").fill("1");
  await expect(page.getByTestId("retention-problem")).toContainText("at least 16 MiB");
  await expect(retention.getByRole("button", { name: "Save retention" })).toBeDisabled();
  await retention.getByLabel("Retention size cap in MiB").fill("");
  await retention.getByRole("button", { name: "Save retention" }).click();
  await expect(settings.retentionEstimate()).toContainText(`The next run frees ${formatBytes(expected.freed_bytes)}`);
  const saved = await db.query("SELECT retention_days, retention_max_bytes FROM public.settings_global");
  expect(saved.rows[0]).toEqual({ retention_days: 28, retention_max_bytes: null });
  const audit = await db.query(
    "SELECT after ->> 'retention_days' AS days FROM public.audit_log WHERE target_table = 'settings_global' AND actor_user_id = $1",
    [admin.id],
  );
  expect(audit.rows).toEqual([{ days: "28" }]);
  await expectAccessible(page);
});

test("a member sees the retention setting but cannot change it", async ({ page, make, signIn }) => {
  const member = await make.person("retention-member");
  await signIn(member, "/settings");
  const settings = new SettingsPage(page);
  await settings.open();
  const retention = settings.retention();
  await expect(retention.getByLabel("Retention days")).toHaveValue("28");
  await expect(retention.getByLabel("Retention days")).toBeDisabled();
  await expect(retention).toContainText("needs a role with fleet scope");
  await expect(retention.getByRole("button", { name: "Save retention" })).toHaveCount(0);
});
