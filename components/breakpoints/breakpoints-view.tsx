"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { scrollRegion } from "@/components/ui/scroll-region";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { breakpointKeys, heldOptions } from "@/lib/data/breakpoints";
import { devicesOptions } from "@/lib/data/devices";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { BreakpointHistory } from "./breakpoint-history";
import { HeldExchangeCard } from "./held-exchange-card";

interface BreakpointsViewProps {
  canEdit: boolean;
  canListDevices: boolean;
  canEditSettings: boolean;
}

/**
 * Exchanges devices hold at a breakpoint, live (postgres_changes on breakpoint_events, RLS
 * deciding whose reach this person), each with an editor and its resume actions; below, what
 * was resumed, aborted or timed out.
 */
export function BreakpointsView({ canEdit, canListDevices, canEditSettings }: BreakpointsViewProps) {
  const call = useOperations();
  const held = useQuery(heldOptions(call));
  const devices = useQuery({ ...devicesOptions(call), enabled: canListDevices });
  const live = useTableLive(
    useSupabase(),
    "breakpoints-changes",
    ["breakpoint_events"],
    [breakpointKeys.held(), breakpointKeys.history()],
  );
  const deviceName = (uuid: string) => devices.data?.find((d) => d.uuid === uuid)?.name ?? uuid.slice(0, 8);
  return (
    <div
      {...scrollRegion("Breakpoints")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Breakpoints</h1>
        {held.data && (
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="held-count">
            {held.data.items.length} held
          </span>
        )}
        <LiveIndicator state={live} />
      </div>
      <p className="mb-3 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        A device holds a request (or its response) that matches a breakpoint rule until someone resumes it here, or its
        timeout runs out.{" "}
        {canEditSettings && (
          <>
            Rules are in{" "}
            <Link href="/settings" className="text-sky-700 underline dark:text-sky-400">
              Settings
            </Link>
            .
          </>
        )}
      </p>
      <section aria-labelledby="held-heading" className="mb-6">
        <h2 id="held-heading" className="mb-2 text-base font-semibold">
          Held now
        </h2>
        {held.isPending && <Spinner label="Loading held requests…" />}
        {held.isError && (
          <StateMessage
            tone="error"
            title="Held requests could not be loaded"
            action={<Button onClick={() => void held.refetch()}>Try again</Button>}
          >
            {held.error.message}
          </StateMessage>
        )}
        {held.data?.items.length === 0 && (
          <StateMessage title="Nothing is held">
            <p>
              When a device&apos;s traffic matches a breakpoint rule, the request appears here at once, waiting for you.
            </p>
          </StateMessage>
        )}
        <ul className="space-y-4" aria-label="Held exchanges">
          {held.data?.items.map((event) => (
            <li key={event.id}>
              <HeldExchangeCard summary={event} deviceName={deviceName(event.device_uuid)} canEdit={canEdit} />
            </li>
          ))}
        </ul>
      </section>
      <BreakpointHistory deviceName={deviceName} />
    </div>
  );
}
