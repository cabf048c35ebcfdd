"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import type { ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { devicesOptions } from "@/lib/data/devices";
import { useFleetLive } from "@/lib/data/devices/use-fleet-live";
import { ownerLabel, peopleOptions } from "@/lib/data/people";
import { useNow } from "@/lib/browser/use-now";
import { LocalTime } from "@/components/ui/local-time";
import { DeviceCredentials } from "./device-credentials";
import { DeviceSettings } from "./device-settings";
import { OnlineBadge } from "./online-badge";
import { RecentCaptures } from "./recent-captures";
import { RenameInline } from "./rename-inline";

interface DevicePageProps {
  uuid: string;
  userId: string;
  canEdit: boolean;
  /** users:view: another person's device names its owner by e-mail. */
  canListPeople: boolean;
  /** settings:view: the effective settings are readable (get_effective_settings refuses otherwise). */
  canViewSettings: boolean;
}

/** One device: who and what it is, whether it is online, what it captured lately, what it is told. */
export function DevicePage({ uuid, userId, canEdit, canListPeople, canViewSettings }: DevicePageProps) {
  const supabase = useSupabase();
  const call = useOperations();
  const devices = useQuery(devicesOptions(call));
  useFleetLive(supabase, call);
  const now = useNow();
  const device = devices.data?.find((d) => d.uuid === uuid);
  // The same query as the devices table (shared cache); only asked when there is someone else to name.
  const people = useQuery({
    ...peopleOptions(call),
    enabled: canListPeople && device !== undefined && device.owner_user_id !== userId,
  });
  if (devices.isPending)
    return (
      <div className="p-4">
        <Spinner label="Loading the device…" />
      </div>
    );
  if (devices.isError)
    return (
      <StateMessage tone="error" title="The device could not be loaded">
        {devices.error.message}
      </StateMessage>
    );
  if (!device) {
    return (
      <StateMessage
        title="No such device"
        action={
          <Link href="/devices" className="text-sm text-sky-700 underline">
            All devices
          </Link>
        }
      >
        It was removed, or it belongs to someone outside your role&apos;s scope.
      </StateMessage>
    );
  }
  return (
    <div
      {...scrollRegion("Device")}
      className="h-full space-y-6 overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <nav aria-label="Breadcrumb" className="text-xs">
        <Link href="/devices" className="text-sky-700 hover:underline dark:text-sky-400">
          Devices
        </Link>{" "}
        / {device.name}
      </nav>
      <header className="space-y-2">
        <h1 className="sr-only">{device.name}</h1>
        <RenameInline device={device} canEdit={canEdit} />
        <OnlineBadge status={device.status} now={now} />
        <dl className="grid max-w-xl grid-cols-[8rem_1fr] gap-x-3 gap-y-0.5 text-xs">
          {(
            [
              ["Kind", device.kind],
              ["OS", device.os ?? "—"],
              ["Owner", ownerLabel(device.owner_user_id, userId, people.data, "another person")],
              ["IP", device.status?.ip ?? "—"],
              ["VPN", device.status?.vpn_state ?? "—"],
              ["Source", device.status?.source ?? "—"],
              ["Country", device.status?.country ?? "—"],
              ["Added", <LocalTime key="added" iso={device.created_at} withDate />],
              ["Id", device.uuid],
            ] as [string, ReactNode][]
          ).map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-zinc-500">{label}</dt>
              <dd className="font-mono break-all">{value}</dd>
            </div>
          ))}
        </dl>
      </header>
      {canEdit && <DeviceCredentials uuid={uuid} name={device.name} />}
      <RecentCaptures deviceUuid={uuid} />
      {canViewSettings && <DeviceSettings deviceUuid={uuid} />}
    </div>
  );
}
