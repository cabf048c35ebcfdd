"use client";

import { useQuery } from "@tanstack/react-query";
import { JsonTreeView } from "@/components/feed/detail/json-tree-view";
import { Spinner } from "@/components/ui/spinner";
import { useOperations } from "@/lib/browser/providers";
import { deviceSettingsOptions } from "@/lib/data/devices";

/** What the device receives: global settings overridden by its own, service groups expanded. Read-only. */
export function DeviceSettings({ deviceUuid }: { deviceUuid: string }) {
  const call = useOperations();
  const settings = useQuery(deviceSettingsOptions(call, deviceUuid));
  return (
    <section aria-labelledby="settings-heading" className="space-y-2">
      <h2 id="settings-heading" className="text-sm font-semibold">
        Effective settings
      </h2>
      <p className="text-xs text-zinc-500">
        Global settings, overridden key by key by this device&apos;s own, with its service groups&apos; domains
        expanded.
      </p>
      {settings.isPending && <Spinner label="Loading settings…" />}
      {settings.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {settings.error.message}
        </p>
      )}
      {settings.data && <JsonTreeView value={settings.data} />}
    </section>
  );
}
