"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { devicesOptions, isOnline } from "@/lib/data/devices";
import { useFleetLive } from "@/lib/data/devices/use-fleet-live";
import { ownerLabel, peopleOptions } from "@/lib/data/people";
import { useNow } from "@/lib/browser/use-now";
import { AddDeviceDialog } from "./add-device-dialog";
import { DevicesTable } from "./devices-table";

/** The fleet, live: heartbeats flip online states without a reload. */
interface DevicesViewProps {
  userId: string;
  canEdit: boolean;
  fleetScope: boolean;
  /** users:view: owners can be named by e-mail. */
  canListPeople: boolean;
  adding: boolean;
}

export function DevicesView({ userId, canEdit, fleetScope, canListPeople, adding }: DevicesViewProps) {
  const supabase = useSupabase();
  const call = useOperations();
  const devices = useQuery(devicesOptions(call));
  const people = useQuery({ ...peopleOptions(call), enabled: fleetScope && canListPeople });
  const live = useFleetLive(supabase, call);
  const now = useNow();
  const online = now === null ? null : (devices.data ?? []).filter((d) => isOnline(d.status, now)).length;
  return (
    <div
      {...scrollRegion("Devices")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Devices</h1>
        {devices.data && (
          <span className="text-sm text-zinc-500">
            {devices.data.length} in all{online === null ? "" : ` · ${online} online`}
          </span>
        )}
        {canEdit && <AddDeviceDialog openInitially={adding} />}
        <span className="ml-auto text-xs text-zinc-500" data-testid="fleet-live" data-connection={live}>
          {live === "live" ? "Live" : live === "down" ? "Reconnecting…" : "Connecting…"}
        </span>
      </div>
      {devices.isPending && <Spinner label="Loading devices…" />}
      {devices.isError && (
        <StateMessage tone="error" title="The devices could not be loaded">
          {devices.error.message}
        </StateMessage>
      )}
      {devices.data?.length === 0 && (
        <StateMessage title="No devices yet">
          <p>
            Add a device to get a pairing code and the command to run on it: the Busymate iOS app, a proxy or the
            busymate CLI.
          </p>
        </StateMessage>
      )}
      {devices.data && devices.data.length > 0 && (
        <DevicesTable
          devices={devices.data}
          now={now}
          canEdit={canEdit}
          showOwner={fleetScope}
          ownerLabel={(owner) => ownerLabel(owner, userId, people.data, owner.slice(0, 8))}
        />
      )}
    </div>
  );
}
