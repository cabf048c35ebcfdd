"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { JsonTreeView } from "@/components/feed/detail/json-tree-view";
import { Button } from "@/components/ui/button";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { devicesOptions } from "@/lib/data/devices";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { groupKeys, groupsOptions } from "@/lib/data/service-groups";
import {
  deviceSettingsInput,
  documentOf,
  draftOf,
  mergeEffective,
  patchOf,
  recentCapturesOptions,
  settingsKeys,
  settingsOptions,
  type SettingsAnswer,
} from "@/lib/data/settings";
import { RetentionPanel } from "./retention-panel";
import { SettingsForm } from "./settings-form";
import { useDocEditor } from "./use-doc-editor";

interface SettingsViewProps {
  canEdit: boolean;
  /** settings:edit and fleet scope: global settings reach every device. */
  canEditGlobal: boolean;
  canListDevices: boolean;
  canListGroups: boolean;
  canListCaptures: boolean;
  initialDevice: string | null;
}

/** Global defaults and one device's overrides side by side, with what the device receives. */
export function SettingsView(props: SettingsViewProps) {
  const call = useOperations();
  const [device, setDevice] = useState<string | null>(props.initialDevice);
  const devices = useQuery({ ...devicesOptions(call), enabled: props.canListDevices });
  const settings = useQuery(settingsOptions(call, device));
  const live = useTableLive(
    useSupabase(),
    "settings-changes",
    ["settings_global", "settings_device", "service_groups"],
    [settingsKeys.all(), groupKeys.all()],
  );
  const choose = (uuid: string | null) => {
    setDevice(uuid);
    window.history.replaceState(null, "", uuid ? `/settings?device=${uuid}` : "/settings");
  };
  return (
    <div
      {...scrollRegion("Settings")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Settings</h1>
        {props.canListDevices && (
          <label className="flex items-center gap-2 text-sm">
            Device
            <select
              value={device ?? ""}
              onChange={(e) => choose(e.target.value || null)}
              className="h-7 rounded-md border border-zinc-300 bg-transparent px-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
            >
              <option value="">Global defaults only</option>
              {(devices.data ?? []).map((d) => (
                <option key={d.uuid} value={d.uuid}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <LiveIndicator state={live} />
      </div>
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Every device starts from the global defaults; a device&apos;s own settings override them key by key. Choose a
        device to edit its overrides and see exactly what it receives.
      </p>
      {settings.isPending && <Spinner label="Loading settings…" />}
      {settings.isError && (
        <StateMessage
          tone="error"
          title="The settings could not be loaded"
          action={
            <Button onClick={() => (device ? choose(null) : void settings.refetch())}>
              {device ? "Show global settings" : "Try again"}
            </Button>
          }
        >
          {settings.error.message}
        </StateMessage>
      )}
      {settings.data && <Editors key={device ?? "global"} {...props} device={device} answer={settings.data} />}
      <div className="mt-6 max-w-3xl">
        <RetentionPanel
          canEdit={props.canEditGlobal}
          readOnlyReason={
            props.canEdit
              ? "Retention deletes every device's captures, so changing it needs a role with fleet scope."
              : "Your role can read settings but not change them."
          }
        />
      </div>
    </div>
  );
}

function Editors({
  device,
  answer,
  canEdit,
  canEditGlobal,
  canListGroups,
  canListCaptures,
}: SettingsViewProps & { device: string | null; answer: SettingsAnswer }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const groups = useQuery({ ...groupsOptions(call), enabled: canListGroups });
  const captures = useQuery({ ...recentCapturesOptions(call, device), enabled: canListCaptures });
  const global = useDocEditor(answer.global, false);
  const own = useDocEditor(answer.device ?? null, true);
  const done = (fresh: SettingsAnswer) => queryClient.setQueryData(settingsKeys.of(device), fresh);

  const saveGlobal = useMutation({
    mutationFn: () =>
      call("update_global_settings", {
        ...patchOf(global.draft, draftOf(global.base?.data)),
        ...(global.base?.updated_at ? { expected_updated_at: global.base.updated_at } : {}),
      }),
    onSuccess: (doc) => {
      global.reload(doc);
      done({ ...answer, global: doc });
      void queryClient.invalidateQueries({ queryKey: settingsKeys.all() });
    },
  });
  const saveDevice = useMutation({
    mutationFn: () => call("update_device_settings", deviceSettingsInput(device!, own.base, own.draft, own.overrides)),
    onSuccess: (saved) => {
      own.reload(saved.device);
      done({ ...answer, device: saved.device, effective: saved.effective });
    },
  });
  const reloadFrom = async (which: "global" | "device") => {
    saveGlobal.reset();
    saveDevice.reset();
    const fresh = await queryClient.fetchQuery({ ...settingsOptions(call, device), staleTime: 0 });
    if (which === "global") global.reload(fresh.global);
    else own.reload(fresh.device ?? null);
  };

  const groupDomains = new Map((groups.data ?? []).map((g) => [g.id, g.ssl_proxy_domains]));
  const preview = device
    ? global.dirty || own.dirty
      ? mergeEffective(
          { ...answer.global.data, ...documentOf(global.draft) },
          documentOf(own.draft, own.overrides),
          device,
          groupDomains,
        )
      : answer.effective
    : undefined;
  const globalForm = (
    <SettingsForm
      title="Global defaults"
      prefix="Global"
      editor={global}
      readOnly={!canEditGlobal}
      readOnlyReason={
        canEdit
          ? "Global settings reach every device, so changing them needs a role with fleet scope; edit a device's overrides instead."
          : "Your role can read settings but not change them."
      }
      groups={groups.data}
      captures={captures.data}
      saving={saveGlobal.isPending}
      error={saveGlobal.error}
      onSave={() => saveGlobal.mutate()}
      onReload={() => void reloadFrom("global")}
    />
  );
  if (!device) return <div className="max-w-3xl">{globalForm}</div>;
  return (
    <div className="grid gap-6 xl:grid-cols-3 lg:grid-cols-2">
      <section aria-label="Global column">{globalForm}</section>
      <section aria-label="Device column">
        <SettingsForm
          title="This device's overrides"
          prefix="Device"
          editor={own}
          inherited={global.draft}
          readOnly={!canEdit}
          readOnlyReason="Your role can read settings but not change them."
          groups={groups.data}
          captures={captures.data}
          saving={saveDevice.isPending}
          error={saveDevice.error}
          onSave={() => saveDevice.mutate()}
          onReload={() => void reloadFrom("device")}
        />
      </section>
      <section aria-labelledby="effective-heading" className="space-y-2">
        <h2 id="effective-heading" className="text-sm font-semibold">
          Effective settings
        </h2>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="effective-state">
          {global.dirty || own.dirty
            ? "What the device would receive with your unsaved changes."
            : "What the device receives now (the seed RPC's answer)."}
        </p>
        <div data-testid="effective-settings">{preview && <JsonTreeView value={preview} />}</div>
      </section>
    </div>
  );
}
