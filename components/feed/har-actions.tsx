"use client";

import { useQueryClient } from "@tanstack/react-query";
import { memo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { useAccessToken } from "@/lib/browser/providers";
import type { Device } from "@/lib/data/devices";
import { entryKeys } from "@/lib/data/entries";
import { downloadHar, IMPORT_SOURCES, uploadHar, type ImportReport } from "@/lib/data/har";
import type { FeedFilters } from "@/lib/feed/filters";

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** Export the feed's current filter as a HAR file; import a HAR into a device (with entries:edit). */
export const HarActions = memo(function HarActions({
  filters,
  devices,
  canImport,
}: {
  filters: FeedFilters;
  devices: Device[];
  canImport: boolean;
}) {
  const token = useAccessToken();
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const download = async () => {
    setExportError(null);
    setExporting(0);
    try {
      const { blob, filename } = await downloadHar(filters, await token(), setExporting);
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setExportError((error as Error).message);
    } finally {
      setExporting(null);
    }
  };
  return (
    <div className="ml-auto flex items-center gap-2">
      {exportError && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          Export failed: {exportError}
        </span>
      )}
      <Button size="sm" onClick={() => void download()} disabled={exporting !== null}>
        {exporting === null ? "Export HAR" : `Exporting… ${mb(exporting)}`}
      </Button>
      {canImport && <ImportHarDialog devices={devices} />}
    </div>
  );
});

function ImportHarDialog({ devices }: { devices: Device[] }) {
  const token = useAccessToken();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = () => {
    setReport(null);
    setError(null);
    setProgress(null);
    dialog.current?.showModal();
  };
  const submit = async (form: FormData) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setError("Choose a .har file.");
    setError(null);
    setReport(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const result = await uploadHar(
        file,
        { device: String(form.get("device")), source: String(form.get("source")) },
        await token(),
        (sent, total) => setProgress({ sent, total }),
      );
      setReport(result);
      // New rows arrive live; the totals are read again.
      void queryClient.invalidateQueries({ queryKey: ["feed-count"] });
      void queryClient.invalidateQueries({ queryKey: entryKeys.hosts(null) });
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <Button size="sm" onClick={open}>
        Import HAR…
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby="import-har-title"
        className="m-auto w-full max-w-xl rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id="import-har-title" className="mb-3 text-base font-semibold">
          Import a HAR file
        </h2>
        {devices.length === 0 ? (
          <p className="text-sm">Captures belong to a device: add one on the Devices page first.</p>
        ) : (
          <form
            aria-label="Import a HAR file"
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              void submit(new FormData(e.currentTarget));
            }}
          >
            <label className="block text-sm">
              Device
              <select
                name="device"
                className="mt-1 h-8 w-full rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700 dark:bg-zinc-900"
              >
                {devices.map((d) => (
                  <option key={d.uuid} value={d.uuid}>
                    {d.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Recorded with
              <select
                name="source"
                defaultValue="cdp"
                className="mt-1 h-8 w-full rounded border border-zinc-300 bg-transparent px-1 dark:border-zinc-700 dark:bg-zinc-900"
              >
                {IMPORT_SOURCES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              HAR file
              <input name="file" type="file" accept=".har,application/json" required className="mt-1 block w-full" />
            </label>
            {progress && (
              <div className="space-y-1">
                <progress aria-label="Upload" value={progress.sent} max={progress.total || 1} className="h-2 w-full" />
                <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
                  {progress.sent < progress.total
                    ? `Sent ${mb(progress.sent)} of ${mb(progress.total)}`
                    : "Storing the last entries…"}
                </p>
              </div>
            )}
            {error && (
              <p role="alert" className="text-sm text-red-700 dark:text-red-400">
                {error}
              </p>
            )}
            {report && <ImportResult report={report} />}
            <Button type="submit" variant="primary" disabled={progress !== null}>
              {progress ? "Importing…" : "Import"}
            </Button>
          </form>
        )}
        <form method="dialog" className="mt-4 text-right">
          <Button type="submit">Close</Button>
        </form>
      </dialog>
    </>
  );
}

function ImportResult({ report }: { report: ImportReport }) {
  const skipped = report.skipped.length + report.skipped_more;
  return (
    <div role="status" data-testid="import-report" className="space-y-1 text-sm">
      <p>
        Imported {report.imported} of {report.entries} entries
        {report.stored < report.imported ? ` (${report.imported - report.stored} were already here)` : ""}.
        {skipped > 0 ? ` ${skipped} skipped:` : ""}
      </p>
      {skipped > 0 && (
        <ul className="max-h-40 list-disc overflow-auto pl-5 text-xs" aria-label="Skipped entries">
          {report.skipped.map((s) => (
            <li key={s.index}>
              Entry #{s.index}: {s.reason}
            </li>
          ))}
          {report.skipped_more > 0 && <li>…and {report.skipped_more} more</li>}
        </ul>
      )}
      {Object.entries(report.mended).map(([reason, count]) => (
        <p key={reason} className="text-xs text-zinc-600 dark:text-zinc-400">
          Mended {count}×: {reason}
        </p>
      ))}
    </div>
  );
}
