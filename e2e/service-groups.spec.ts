import { expect, test } from "./fixtures";
import { expectAccessible } from "./support/axe";
import { giveRole, newAdmin } from "./support/roles";
import { ServiceGroupsPage } from "./pages/service-groups-page";

/** Service groups against the real stack: validated domains previewed on captured hosts, agents, usage. */
const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin creates a group, previews its patterns, links agents with one primary, sees its devices, deletes it", async ({
  page,
  db,
  signIn,
  make,
}) => {
  const admin = await newAdmin(db);
  const s = suffix();
  const adminId = admin.id;
  const device = await make.device(adminId, `sg-phone-${s}`);
  await make.capture(device, `https://api.pay${s}.example/v1/charges`);
  for (const slug of ["one", "two"])
    await db.query("INSERT INTO public.busybro_agents (slug, label, owner_user_id) VALUES ($1, $2, $3)", [
      `${slug}-${s}`,
      `Agent ${slug} ${s}`,
      adminId,
    ]);

  await signIn(admin, "/service-groups");
  const groups = new ServiceGroupsPage(page);
  await page.getByRole("button", { name: "New group" }).click();
  const form = groups.editor();
  await form.getByLabel("Name", { exact: true }).fill(`Pay ${s}`);
  await groups.domains(form).fill(`*.pay${s}.example\nhttps://bad.example/path\nnothing${s}.example`);
  await expect(page.getByTestId("domain-problems")).toContainText("Domain https://bad.example/path: no scheme");
  await expect(form.getByRole("button", { name: "Create group" })).toBeDisabled();
  await expect(groups.preview(`*.pay${s}.example`)).toContainText(`1 host: api.pay${s}.example`);
  await expect(groups.preview(`nothing${s}.example`)).toContainText("matches no captured host yet");
  await groups.domains(form).fill(`*.pay${s}.example\nnothing${s}.example`);
  await form.getByRole("button", { name: "Create group" }).click();
  await expect(groups.editor(`Pay ${s}`)).toBeVisible();
  await expectAccessible(page);

  await groups.link(`Agent one ${s} (one-${s})`);
  await expect(groups.primaryRadio(`Agent one ${s}`)).toBeChecked();
  await groups.link(`Agent two ${s} (two-${s})`);
  await expect(groups.linked()).toHaveCount(2);
  await groups.primaryRadio(`Agent two ${s}`).click();
  await expect(groups.primaryRadio(`Agent two ${s}`)).toBeChecked();
  await expect(groups.primaryRadio(`Agent one ${s}`)).not.toBeChecked();
  // Unlinking the primary hands the role to the remaining agent: still exactly one.
  await page.getByRole("button", { name: `Unlink two-${s}` }).click();
  await expect(groups.linked()).toHaveCount(1);
  await expect(groups.primaryRadio(`Agent one ${s}`)).toBeChecked();

  const groupId = (await db.query<{ id: string }>("SELECT id FROM public.service_groups WHERE name = $1", [`Pay ${s}`]))
    .rows[0].id;
  await db.query(
    `INSERT INTO public.settings_device (device_uuid, data) VALUES ($1, jsonb_build_object('service_group_ids', jsonb_build_array($2::text)))`,
    [device, groupId],
  );
  await expect(page.getByTestId("group-devices")).toContainText(`sg-phone-${s} · its own`, { timeout: 2000 });

  await page.getByRole("button", { name: `Delete service group Pay ${s}` }).click();
  await expect(page.getByRole("group", { name: `Confirm: Delete service group Pay ${s}` })).toContainText(
    "its 1 agent link; 1 device stop decrypting its domains",
  );
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(groups.listItem(`Pay ${s}`)).toHaveCount(0);
});

test("a member sees only their own groups; another person's group is not shown", async ({ page, db, make, signIn }) => {
  const admin = await newAdmin(db);
  const s = suffix();
  await db.query(
    "INSERT INTO public.service_groups (name, owner_user_id) SELECT $1, id FROM auth.users WHERE email = $2",
    [`Admin only ${s}`, admin.email],
  );
  const member = await make.person("sg-member");
  await db.query("INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ($1, $2, $3)", [
    `Mine ${s}`,
    ["api.mine.example"],
    member.id,
  ]);
  await signIn(member, "/service-groups");
  const groups = new ServiceGroupsPage(page);
  await expect(groups.listItem(`Mine ${s}`)).toBeVisible();
  await expect(groups.listItem(`Admin only ${s}`)).toHaveCount(0);
  await expect(groups.editor(`Mine ${s}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "New group" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Link an agent" })).toBeVisible();
  await expectAccessible(page);
});

test("a role that may only view service groups gets no edit controls", async ({ page, db, make, signIn }) => {
  const s = suffix();
  const viewer = await make.person("sg-viewer");
  await giveRole(db, viewer.id, ["services:view", "agents:view"]);
  await db.query("INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ($1, $2, $3)", [
    `Viewed ${s}`,
    ["*.viewed.example"],
    viewer.id,
  ]);
  await signIn(viewer, "/service-groups");
  const groups = new ServiceGroupsPage(page);
  await expect(groups.editor(`Viewed ${s}`)).toBeVisible();
  await expect(groups.domains(groups.editor(`Viewed ${s}`))).toHaveAttribute("readonly", "");
  await expect(
    page.getByRole("button", { name: /^(New group|Save|Create group|Delete service group|Unlink)/ }),
  ).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Link an agent" })).toHaveCount(0);
});

test("saving over a newer change is refused with CONFLICT, and Reload shows the newer version", async ({
  page,
  make,
  db,
  signIn,
}) => {
  const s = suffix();
  const member = await make.person("sg-conflict");
  await db.query(
    "INSERT INTO public.service_groups (name, description, ssl_proxy_domains, owner_user_id) VALUES ($1, '', ARRAY[$2], $3)",
    [`Shop ${s}`, `api.shop${s}.example`, member.id],
  );
  await signIn(member, "/service-groups");
  const groups = new ServiceGroupsPage(page);
  await groups.listItem(`Shop ${s}`).click();
  const form = groups.editor(`Shop ${s}`);
  await form.getByLabel("Description").fill("Mine, typed first");

  // Someone else saves first (another tab, a teammate, an agent over MCP).
  await db.query(
    "UPDATE public.service_groups SET description = 'Theirs, saved first', updated_at = now() + interval '1 second' WHERE name = $1",
    [`Shop ${s}`],
  );
  await form.getByRole("button", { name: "Save" }).click();
  const refused = form.getByRole("alert");
  await expect(refused).toContainText("The service group changed since you loaded it.");
  expect(
    (await db.query("SELECT description FROM public.service_groups WHERE name = $1", [`Shop ${s}`])).rows[0]
      .description,
  ).toBe("Theirs, saved first");

  await refused.getByRole("button", { name: "Reload" }).click();
  await expect(form.getByLabel("Description")).toHaveValue("Theirs, saved first");
  await expect(form.getByRole("alert")).toHaveCount(0);
  await form.getByLabel("Description").fill("Mine, on top of theirs");
  await form.getByRole("button", { name: "Save" }).click();
  await expect
    .poll(
      async () =>
        (await db.query("SELECT description FROM public.service_groups WHERE name = $1", [`Shop ${s}`])).rows[0]
          .description,
    )
    .toBe("Mine, on top of theirs");
});
