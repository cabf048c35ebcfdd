"use client";

import { useQuery } from "@tanstack/react-query";
import { memo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { headerValue } from "@/lib/render/headers";
import { useOperations } from "@/lib/browser/providers";
import { openBusyBro } from "@/lib/busybro/client/open-panel";
import { entryOptions, type EntryDetail as Entry } from "@/lib/data/entries";
import { LocalTime } from "@/components/ui/local-time";
import { formatDuration } from "@/lib/feed/format";
import { statusTone } from "@/lib/feed/status";
import { BodyView } from "./body-view";
import { CopyCurl } from "./copy-curl";
import { Facts } from "./facts";
import { HeadersTable } from "./headers-table";
import { PinButton, type PinTarget } from "./pin-button";
import { TagEditor } from "./tag-editor";
import { TimingsView } from "./timings-view";

type Tab = "request" | "response" | "timing";
const TABS: { id: Tab; label: string }[] = [
  { id: "request", label: "Request" },
  { id: "response", label: "Response" },
  { id: "timing", label: "Timing & connection" },
];

interface EntryDetailProps {
  entryId: number;
  deviceName: (uuid: string) => string;
  canTag: boolean;
  onClose: () => void;
  /** Marks the captures of this one's flow (same device and site, around its time). */
  onSelectFlow: (entryId: number) => void | Promise<void>;
  /** The workspace the feed shows, when the person may pin into it. */
  pin: PinTarget | null;
}

/**
 * The open capture: fetched by id (the list never holds payloads), so its URL opens it directly.
 * Memoised: live rows re-render the feed every frame, and nothing here depends on them.
 */
export const EntryDetail = memo(function EntryDetail({
  entryId,
  deviceName,
  canTag,
  onClose,
  onSelectFlow,
  pin,
}: EntryDetailProps) {
  const call = useOperations();
  const entry = useQuery(entryOptions(call, entryId));
  return (
    <aside
      aria-label="Capture detail"
      data-testid="entry-detail"
      // Beside the list on a wide screen; on a narrow one a full-width overlay over the list,
      // which stays mounted underneath so Back returns to the same scroll position.
      className="flex min-h-0 min-w-0 flex-col bg-white max-lg:fixed max-lg:inset-0 max-lg:z-40 lg:border-l lg:border-zinc-200 dark:bg-zinc-950 lg:dark:border-zinc-800"
      onKeyDown={(e) => e.key === "Escape" && onClose()}
    >
      <div className="flex flex-wrap items-center justify-between gap-1 border-b border-zinc-200 px-3 py-1.5 dark:border-zinc-800">
        <span className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <Button size="sm" variant="secondary" className="lg:hidden" onClick={onClose}>
            ← Back to captures
          </Button>
          Capture #{entryId}
        </span>
        <div className="flex flex-wrap items-center gap-1">
          {pin && <PinButton entryId={entryId} target={pin} />}
          <Button size="sm" variant="ghost" onClick={() => void onSelectFlow(entryId)}>
            This flow
          </Button>
          {entry.data && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() =>
                openBusyBro(
                  `Explain capture #${entryId} (${entry.data!.payload.request.method} ${entry.data!.payload.request.url}) and the flow it belongs to.`,
                )
              }
            >
              Ask BusyBro about this
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close detail" aria-keyshortcuts="Escape">
            ✕
          </Button>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        {entry.isPending && (
          <div className="p-4">
            <Spinner label="Opening the capture…" />
          </div>
        )}
        {entry.isError && (
          <StateMessage tone="error" title="This capture could not be opened">
            {entry.error.message}
          </StateMessage>
        )}
        {entry.isSuccess && entry.data === null && (
          <StateMessage title="No such capture">
            It was deleted, or it belongs to a device outside your role&apos;s scope.
          </StateMessage>
        )}
        {entry.isSuccess && entry.data && (
          <Loaded entry={entry.data} deviceName={deviceName(entry.data.device_uuid)} canTag={canTag} />
        )}
      </div>
    </aside>
  );
});

function Loaded({ entry, deviceName, canTag }: { entry: Entry; deviceName: string; canTag: boolean }) {
  const [tab, setTab] = useState<Tab>("request");
  const [search, setSearch] = useState("");
  const { request, response, error } = entry.payload;
  const status = response?.status ?? null;
  return (
    <div className="space-y-3 p-3">
      <header className="space-y-1">
        <p className="font-mono text-sm break-all">
          <span className="font-semibold">{request.method}</span> {request.url}
        </p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          <span className={`font-semibold ${statusTone(status)}`}>
            {response
              ? `${response.httpVersion || request.httpVersion} ${response.status} ${response.statusText}`
              : `Failed: ${error?.code ?? "no response"}`}
          </span>
          {" · "}
          <LocalTime iso={entry.payload.startedAt ?? entry.ts} withDate /> · {formatDuration(entry.payload.durationMs)}{" "}
          · {deviceName} · {entry.payload.source}
        </p>
      </header>
      <TagEditor entryId={entry.id} canEdit={canTag} />
      <div
        role="tablist"
        aria-label="Capture sections"
        className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => setTab(t.id)}
            className={`-mb-px border-b-2 px-2 py-1 text-xs font-medium ${tab === t.id ? "border-sky-600 text-sky-800 dark:text-sky-300" : "border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="space-y-4">
        {tab !== "timing" && (
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Search headers…"
            aria-label="Search headers"
            data-testid="header-search"
            className="h-7 w-full rounded-md border border-zinc-300 bg-transparent px-2 text-xs dark:border-zinc-700"
          />
        )}
        {tab === "request" && (
          <>
            <HeadersTable title="Request headers" headers={request.headers} search={search} />
            <BodyView
              title="Request body"
              body={request.body}
              contentType={headerValue(request.headers, "content-type")}
            />
            <CopyCurl request={request} />
          </>
        )}
        {tab === "response" && <ResponsePanel entry={entry} search={search} />}
        {tab === "timing" && <TimingPanel entry={entry} deviceName={deviceName} />}
      </div>
    </div>
  );
}

function ResponsePanel({ entry, search }: { entry: Entry; search: string }): ReactNode {
  const { response, error } = entry.payload;
  if (!response) {
    return (
      <p role="note" className="text-sm text-red-700 dark:text-red-400">
        No response: {error?.code} — {error?.message}
      </p>
    );
  }
  return (
    <>
      {error && (
        <p role="note" className="text-xs text-amber-700 dark:text-amber-400">
          Incomplete: {error.code} — {error.message}
        </p>
      )}
      <HeadersTable title="Response headers" headers={response.headers} search={search} />
      <BodyView
        title="Response body"
        body={response.body}
        contentType={headerValue(response.headers, "content-type")}
      />
    </>
  );
}

function TimingPanel({ entry, deviceName }: { entry: Entry; deviceName: string }) {
  const { timings, durationMs, tls, client, serverIp, connection } = entry.payload;
  return (
    <>
      <TimingsView timings={timings} durationMs={durationMs} />
      <Facts
        title="TLS"
        items={[
          ["Version", tls?.version],
          ["Cipher", tls?.cipher],
          ["Server name", tls?.serverName],
          ["ALPN", tls?.alpn],
          ["Certificate", tls?.certificate?.subject],
          ["Issuer", tls?.certificate?.issuer],
          ["Valid until", tls?.certificate?.validTo],
          ["SHA-256", tls?.certificate?.fingerprintSha256],
        ]}
      />
      <Facts
        title="Client"
        items={[
          ["Process", client?.processName],
          ["Bundle id", client?.bundleId],
          ["User agent", client?.userAgent],
          ["Address", client?.ip ? `${client.ip}${client.port ? `:${client.port}` : ""}` : undefined],
        ]}
      />
      <Facts
        title="Connection"
        items={[
          ["Server IP", serverIp],
          ["Connection", connection],
          ["Captured", <LocalTime key="captured" iso={entry.ts} withDate />],
          ["Received", <LocalTime key="received" iso={entry.received_at} withDate />],
        ]}
      />
      <Facts
        title="Device"
        items={[
          ["Name", deviceName],
          ["Id", entry.device_uuid],
          ["Source", entry.payload.source],
        ]}
      />
    </>
  );
}
