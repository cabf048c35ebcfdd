import { z } from "zod";
import { notFound } from "@/lib/errors";
import { requireOneOf, uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { loadWorkspace, workspaceDetail } from "./read";

const deviceList = z
  .array(z.uuid())
  .max(100)
  .describe("The devices whose captures the workspace collects (your own; any with a fleet role)");

/** Sets a workspace's devices to exactly `uuids`, refusing any the caller cannot see. */
async function setDevices(db: Db, workspaceId: string, uuids: string[]): Promise<void> {
  const wanted = [...new Set(uuids)];
  if (wanted.length > 0) {
    const visible = await db.query<{ uuid: string }>("SELECT uuid FROM public.devices WHERE uuid = ANY ($1::uuid[])", [
      wanted,
    ]);
    const missing = wanted.filter((uuid) => !visible.some((row) => row.uuid === uuid));
    if (missing.length > 0) throw notFound(`Device ${missing.join(", ")}`, "Pass devices from list_devices.");
  }
  await db.query(
    "DELETE FROM public.workspace_devices WHERE workspace_id = $1 AND NOT (device_uuid = ANY ($2::uuid[]))",
    [workspaceId, wanted],
  );
  await db.query(
    "INSERT INTO public.workspace_devices (workspace_id, device_uuid) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
    [workspaceId, wanted],
  );
}

export const createWorkspace = defineOperation({
  name: "create_workspace",
  title: "Create a workspace",
  description:
    "Creates a workspace you own: a named capture scope collecting the captures of the devices you list (you can pin other entries into it later with pin_entry).",
  domain: "workspaces",
  input: z
    .object({
      name: z.string().trim().min(1).max(100),
      description: z.string().max(2000).default(""),
      device_uuids: deviceList.default([]),
    })
    .strict(),
  output: workspaceDetail,
  capabilities: [{ section: "workspaces", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: {
    name: "Checkout bug",
    description: "Payment failures on iOS",
    device_uuids: ["6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f"],
  },
  async handler(input, { db }) {
    const [row] = await db.query<{ id: string }>(
      "INSERT INTO public.workspaces (name, description, owner_user_id) VALUES ($1, $2, auth.uid()) RETURNING id",
      [input.name, input.description],
    );
    await setDevices(db, row.id, input.device_uuids);
    return loadWorkspace(db, row.id);
  },
});

export const updateWorkspace = defineOperation({
  name: "update_workspace",
  title: "Update a workspace",
  description:
    "Renames a workspace, changes its description, or replaces its set of devices (device_uuids is the complete new list). Only the fields you pass change.",
  domain: "workspaces",
  input: z
    .object({
      workspace_id: uuidField("The workspace to change"),
      name: z.string().trim().min(1).max(100).optional(),
      description: z.string().max(2000).optional(),
      device_uuids: deviceList.optional(),
    })
    .strict()
    .superRefine(requireOneOf(["name", "description", "device_uuids"])),
  output: workspaceDetail,
  capabilities: [{ section: "workspaces", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f", name: "Checkout bug (iOS)" },
  async handler(input, { db }) {
    const rows = await db.query(
      "UPDATE public.workspaces SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1 RETURNING id",
      [input.workspace_id, input.name ?? null, input.description ?? null],
    );
    if (rows.length === 0)
      throw notFound(
        `Workspace ${input.workspace_id}`,
        "List workspaces with list_workspaces; you can change your own (any with a fleet role).",
      );
    if (input.device_uuids) await setDevices(db, input.workspace_id, input.device_uuids);
    return loadWorkspace(db, input.workspace_id);
  },
});

export const deleteWorkspace = defineOperation({
  name: "delete_workspace",
  title: "Delete a workspace",
  description: "Deletes a workspace with its tabs and pins. The captures themselves and the devices stay.",
  domain: "workspaces",
  input: z.object({ workspace_id: uuidField("The workspace to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), workspace_id: z.string(), name: z.string() }),
  capabilities: [{ section: "workspaces", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f" },
  async handler({ workspace_id }, { db }) {
    const [row] = await db.query<{ id: string; name: string }>(
      "DELETE FROM public.workspaces WHERE id = $1 RETURNING id, name",
      [workspace_id],
    );
    if (!row) throw notFound(`Workspace ${workspace_id}`, "List workspaces with list_workspaces.");
    return { deleted: true as const, workspace_id: row.id, name: row.name };
  },
});
