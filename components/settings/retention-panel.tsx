"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import {
  draftOfRetention,
  parseRetention,
  retentionKeys,
  retentionOptions,
  type RetentionAnswer,
  type RetentionDraft,
} from "@/lib/data/settings/retention";
import { formatBytes } from "@/lib/feed/format";

const input =
  "h-7 w-28 rounded-md border border-zinc-300 bg-transparent px-1 text-sm dark:border-zinc-700 dark:bg-zinc-950 aria-invalid:border-red-600";

/** How long captures are kept and how much space they may take, with what the setting frees. */
export function RetentionPanel({ canEdit, readOnlyReason }: { canEdit: boolean; readOnlyReason: string }) {
  const call = useOperations();
  const saved = useQuery(retentionOptions(call));
  if (saved.isPending) return <p className="text-xs">Loading retention…</p>;
  if (saved.isError)
    return (
      <p role="alert" className="text-xs text-red-700 dark:text-red-400">
        Retention could not be loaded: {saved.error.message}
      </p>
    );
  return (
    <RetentionForm
      key={saved.data.updated_at ?? "never"}
      answer={saved.data}
      canEdit={canEdit}
      readOnlyReason={readOnlyReason}
    />
  );
}

function RetentionForm({
  answer,
  canEdit,
  readOnlyReason,
}: {
  answer: RetentionAnswer;
  canEdit: boolean;
  readOnlyReason: string;
}) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RetentionDraft>(() => draftOfRetention(answer));
  const parsed = parseRetention(draft);
  const dirty = parsed.ok && (parsed.days !== answer.retention_days || parsed.max_bytes !== answer.retention_max_bytes);
  // The estimate follows what is typed, a moment after typing stops.
  const [preview, setPreview] = useState<{ days: number | null; max_bytes: number | null } | null>(null);
  const previewDays = parsed.ok ? parsed.days : undefined;
  const previewBytes = parsed.ok ? parsed.max_bytes : undefined;
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setPreview(
          dirty && previewDays !== undefined && previewBytes !== undefined
            ? { days: previewDays, max_bytes: previewBytes }
            : null,
        ),
      300,
    );
    return () => clearTimeout(timer);
  }, [dirty, previewDays, previewBytes]);
  const previewed = useQuery({ ...retentionOptions(call, preview), enabled: preview !== null });
  const estimate = preview && previewed.data ? previewed.data.estimate : answer.estimate;

  const save = useMutation({
    mutationFn: () => {
      if (!parsed.ok) throw new Error(parsed.message);
      return call("update_retention", {
        retention_days: parsed.days,
        retention_max_bytes: parsed.max_bytes,
        ...(answer.updated_at ? { expected_updated_at: answer.updated_at } : {}),
      });
    },
    onSuccess: (fresh) => {
      queryClient.setQueryData(retentionKeys.of(null), fresh);
    },
  });
  const reload = () => {
    save.reset();
    void queryClient.invalidateQueries({ queryKey: retentionKeys.of(null) });
  };

  return (
    <form
      aria-label="Retention"
      className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit && dirty) save.mutate();
      }}
    >
      <h2 className="text-sm font-semibold">Retention</h2>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Captures older than the limit, or beyond the size cap (oldest weeks first), are deleted every hour, a whole week
        at a time; the current week is always kept. Empty means no limit.
      </p>
      {!canEdit && <p className="text-xs text-zinc-600 dark:text-zinc-400">{readOnlyReason}</p>}
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          Keep captures for
          <input
            className={input}
            inputMode="numeric"
            value={draft.days}
            disabled={!canEdit}
            aria-invalid={!parsed.ok && parsed.field === "days"}
            onChange={(e) => setDraft({ ...draft, days: e.target.value })}
            aria-label="Retention days"
          />
          days
        </label>
        <label className="flex items-center gap-2">
          Size cap
          <input
            className={input}
            inputMode="decimal"
            value={draft.capMib}
            disabled={!canEdit}
            aria-invalid={!parsed.ok && parsed.field === "cap"}
            onChange={(e) => setDraft({ ...draft, capMib: e.target.value })}
            aria-label="Retention size cap in MiB"
          />
          MiB
        </label>
      </div>
      {!parsed.ok && (
        <p className="text-xs text-red-700 dark:text-red-400" data-testid="retention-problem">
          {parsed.message}
        </p>
      )}
      <p className="text-xs" data-testid="retention-estimate" aria-live="polite">
        {estimate.cutoff === null
          ? `Nothing is deleted. Captures take ${formatBytes(estimate.total_bytes)}.`
          : `${dirty ? "This setting would free" : "The next run frees"} ${formatBytes(estimate.freed_bytes)} ` +
            `(${estimate.partitions.length} week${estimate.partitions.length === 1 ? "" : "s"}` +
            `${estimate.default_rows > 0 ? ` and ${estimate.default_rows.toLocaleString("en")} older captures` : ""}) ` +
            `of ${formatBytes(estimate.total_bytes)}; captures before ${new Date(estimate.cutoff).toISOString().slice(0, 10)} go.`}
        {preview && previewed.isFetching ? " Estimating…" : ""}
      </p>
      {canEdit && (
        <>
          <div className="flex items-center gap-2">
            <Button type="submit" variant="primary" disabled={!dirty || save.isPending}>
              {save.isPending ? "Saving…" : "Save retention"}
            </Button>
            {dirty && <Button onClick={() => setDraft(draftOfRetention(answer))}>Discard changes</Button>}
          </div>
          <MutationError error={save.error} onReload={reload} />
        </>
      )}
    </form>
  );
}
