"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { MutationError } from "@/components/ui/mutation-error";
import { Spinner } from "@/components/ui/spinner";
import { useOperations } from "@/lib/browser/providers";
import {
  breakpointKeys,
  draftOf,
  draftProblem,
  heldExchangeOptions,
  resumeOf,
  type BreakpointSummary,
  type HeldExchange,
  type ResumeInput,
} from "@/lib/data/breakpoints";
import { HeaderEditor } from "./header-editor";

interface Props {
  summary: BreakpointSummary;
  deviceName: string;
  canEdit: boolean;
}

/** One held exchange: what the device captured, and (with breakpoints:edit) the editor and resume actions. */
export function HeldExchangeCard({ summary, deviceName, canEdit }: Props) {
  const call = useOperations();
  const exchange = useQuery(heldExchangeOptions(call, summary.id));
  const headingId = `held-${summary.id}`;
  return (
    <article
      aria-labelledby={headingId}
      data-testid="held-exchange"
      data-event={summary.id}
      className="rounded-md border border-amber-300 bg-amber-50/40 p-3 dark:border-amber-800 dark:bg-amber-950/20"
    >
      <header className="mb-2 flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 id={headingId} className="font-mono text-sm font-semibold break-all">
          {summary.method} {summary.url}
        </h3>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {summary.phase === "response" ? `response ${summary.status ?? ""} held` : "request held"} on {deviceName} ·
          rule <code>{summary.pattern}</code> · since <LocalTime iso={summary.held_at} />
        </span>
      </header>
      {exchange.isPending && <Spinner label="Loading what the device holds…" />}
      {exchange.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {exchange.error.message}{" "}
          <Button size="sm" onClick={() => void exchange.refetch()}>
            Try again
          </Button>
        </p>
      )}
      {exchange.data && <Editor exchange={exchange.data} canEdit={canEdit} />}
    </article>
  );
}

function Editor({ exchange, canEdit }: { exchange: HeldExchange; canEdit: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(exchange));
  const [problem, setProblem] = useState<string | null>(null);
  const resume = useMutation({
    mutationFn: (input: ResumeInput) => call("resume_breakpoint", input),
    onSuccess: () => {
      queryClient.setQueryData(breakpointKeys.held(), (old: { items: { id: string }[] } | undefined) =>
        old ? { ...old, items: old.items.filter((item) => item.id !== exchange.id) } : old,
      );
      void queryClient.invalidateQueries({ queryKey: breakpointKeys.all() });
    },
  });
  const phase = exchange.phase;
  const held = phase === "response" && exchange.response ? exchange.response : exchange.request;
  const edited = resumeOf(exchange, draft).action === "modify";
  const send = (input: ResumeInput) => {
    setProblem(null);
    resume.mutate(input);
  };
  const resumeEdited = () => {
    const found = draftProblem(exchange, draft);
    if (found) return setProblem(found);
    send(resumeOf(exchange, draft));
  };
  const ids = `edit-${exchange.id}`;
  return (
    <form
      aria-label={`Edit the held ${phase}`}
      onSubmit={(event) => {
        event.preventDefault();
        resumeEdited();
      }}
      className="space-y-3"
    >
      {phase === "response" && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Request as sent:{" "}
          <code className="break-all">
            {exchange.request.method} {exchange.request.url}
          </code>
        </p>
      )}
      {phase === "response" && (
        <label className="flex items-center gap-2 text-sm">
          Status
          <input
            type="number"
            min={100}
            max={599}
            value={draft.status}
            disabled={!canEdit}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
            className="h-7 w-24 rounded-md border border-zinc-300 bg-transparent px-2 dark:border-zinc-700"
          />
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            captured {exchange.response?.status} {exchange.response?.statusText}
          </span>
        </label>
      )}
      <HeaderEditor
        legend={phase === "response" ? "Response headers" : "Request headers"}
        headers={draft.headers}
        disabled={!canEdit}
        onChange={(headers) => setDraft({ ...draft, headers })}
      />
      <div>
        <label htmlFor={`${ids}-body`} className="mb-1 block text-sm font-medium">
          {phase === "response" ? "Response body" : "Request body"}
        </label>
        {draft.body === null ? (
          <p id={`${ids}-body`} className="text-sm text-zinc-600 dark:text-zinc-400">
            Binary body ({held.body?.bytes ?? 0} bytes): sent on unchanged.
          </p>
        ) : (
          <textarea
            id={`${ids}-body`}
            value={draft.body}
            disabled={!canEdit}
            rows={Math.min(12, Math.max(3, draft.body.split("\n").length))}
            onChange={(e) => setDraft({ ...draft, body: e.target.value })}
            className="w-full rounded-md border border-zinc-300 bg-transparent p-2 font-mono text-xs dark:border-zinc-700"
          />
        )}
      </div>
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" variant="primary" disabled={resume.isPending || !edited}>
            Resume edited
          </Button>
          <Button disabled={resume.isPending} onClick={() => send({ event_id: exchange.id, action: "continue" })}>
            Resume unchanged
          </Button>
          <Button
            variant="danger"
            disabled={resume.isPending}
            onClick={() => send({ event_id: exchange.id, action: "abort" })}
          >
            Abort
          </Button>
          {edited && (
            <Button variant="ghost" disabled={resume.isPending} onClick={() => setDraft(draftOf(exchange))}>
              Undo edits
            </Button>
          )}
          {resume.isPending && <Spinner label="Sending…" />}
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Your role can see held requests but not resume them; ask an admin for the breakpoints edit capability.
        </p>
      )}
      {problem && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      <MutationError error={resume.error} />
    </form>
  );
}
