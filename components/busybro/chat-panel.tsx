"use client";

import Markdown from "markdown-to-jsx/react";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Spinner } from "@/components/ui/spinner";
import { OPEN_EVENT } from "@/lib/busybro/client/open-panel";
import { useBusyBro, type ChatTurn } from "@/lib/busybro/client/use-busybro";
import { ArtifactView } from "./artifact-view";

const noSubscription = () => () => undefined;

/** Markdown from the model renders as elements only: raw HTML stays text. */
const MARKDOWN = { disableParsingRawHTML: true, forceBlock: true } as const;

function Turn({ turn, onRetry }: { turn: ChatTurn; onRetry: () => void }) {
  return (
    <li className="space-y-2" data-testid="busybro-turn" data-status={turn.status}>
      <p className="ml-8 rounded-md bg-sky-50 px-3 py-2 text-sm dark:bg-sky-950">{turn.question}</p>
      {turn.tools.length > 0 && (
        <ul aria-label="What BusyBro did" className="space-y-0.5 text-xs text-zinc-500">
          {turn.tools.map((label, i) => (
            <li key={i} data-testid="busybro-tool">
              {label}
            </li>
          ))}
        </ul>
      )}
      {turn.answer && (
        <div
          className="prose-sm space-y-2 text-sm [&_code]:font-mono [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-zinc-100 [&_pre]:p-2 dark:[&_pre]:bg-zinc-900"
          data-testid="busybro-answer"
        >
          <Markdown options={MARKDOWN}>{turn.answer}</Markdown>
        </div>
      )}
      {turn.artifacts.map((artifact, i) => (
        <ArtifactView key={i} artifact={artifact} />
      ))}
      {turn.status === "streaming" && !turn.answer && <Spinner label="Thinking…" />}
      {turn.status === "failed" && (
        <div role="alert" className="space-y-1 text-sm text-red-700 dark:text-red-400">
          <p>{turn.error?.message}</p>
          {turn.error?.remediation && <p className="text-zinc-600 dark:text-zinc-400">{turn.error.remediation}</p>}
          <Button size="sm" onClick={onRetry}>
            Retry
          </Button>
        </div>
      )}
      {turn.status === "stopped" && (
        <p className="text-xs text-zinc-500">
          Stopped.{" "}
          <button type="button" className="underline" onClick={onRetry}>
            Ask again
          </button>
        </p>
      )}
      {turn.status === "done" && turn.answer && <CopyButton text={turn.answer} label="Copy answer" />}
    </li>
  );
}

/**
 * BusyBro beside every dashboard page: opened by the header button, Ctrl/⌘+J, or "Ask BusyBro
 * about this" on a capture. Answers stream as Markdown with tool hints and artifacts; the page
 * being viewed goes along as context; the conversation is kept in the person's history.
 */
export function ChatPanel({ unavailable }: { unavailable: { message: string; remediation?: string } | null }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState("");
  // True once hydrated, when the shortcut's listener is attached: tests wait for data-ready.
  const ready = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const pathname = usePathname();
  const input = useRef<HTMLTextAreaElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const context = useCallback(() => {
    const title = document.title.split(" · ")[0] || "Busymate";
    return `Viewing: ${title} (${pathname})`;
  }, [pathname]);
  const chat = useBusyBro(context);
  const { ask } = chat;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "j") {
        event.preventDefault();
        setOpen((value) => !value);
      } else if (event.key === "Escape" && open) setOpen(false);
    };
    const onOpen = (event: Event) => {
      setOpen(true);
      const question = (event as CustomEvent<{ question?: string }>).detail?.question;
      if (question && !unavailable) void ask(question);
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener(OPEN_EVENT, onOpen);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, [open, ask, unavailable]);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [chat.turns]);

  const submit = () => {
    const question = draft.trim();
    if (!question || chat.busy) return;
    setDraft("");
    void chat.ask(question);
  };

  return (
    <>
      <Button
        variant="ghost"
        aria-expanded={open}
        aria-controls="busybro-panel"
        aria-keyshortcuts="Control+J Meta+J"
        data-ready={ready}
        onClick={() => setOpen((value) => !value)}
      >
        Ask BusyBro
      </Button>
      {open && (
        <aside
          id="busybro-panel"
          aria-label="BusyBro"
          className="fixed inset-y-0 right-0 z-40 flex w-full max-w-md flex-col border-l border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-950"
        >
          <header className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <h2 className="text-sm font-semibold">BusyBro</h2>
            <span className="text-xs text-zinc-500">answers as you, within your role</span>
            <div className="ml-auto flex gap-1">
              {chat.turns.length > 0 && (
                <Button size="sm" variant="ghost" onClick={() => void chat.clear()}>
                  New chat
                </Button>
              )}
              <Button size="sm" variant="ghost" aria-label="Close BusyBro" onClick={() => setOpen(false)}>
                ✕
              </Button>
            </div>
          </header>
          <div className="min-h-0 flex-1 overflow-y-auto p-3">
            {unavailable ? (
              <div role="status" className="space-y-2 text-sm" data-testid="busybro-unavailable">
                <p className="font-semibold">{unavailable.message}</p>
                {unavailable.remediation && (
                  <p className="text-zinc-600 dark:text-zinc-400">{unavailable.remediation}</p>
                )}
              </div>
            ) : chat.turns.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                Ask about your captures, devices or settings — for example “explain the login flow of api.example.com”.
                BusyBro reads only what your role allows, and never shows a captured secret.
              </p>
            ) : (
              <ol className="space-y-4">
                {chat.turns.map((turn) => (
                  <Turn key={turn.id} turn={turn} onRetry={() => chat.retry(turn)} />
                ))}
                <li ref={end} aria-hidden />
              </ol>
            )}
          </div>
          <form
            className="flex items-end gap-2 border-t border-zinc-200 p-3 dark:border-zinc-800"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <label htmlFor="busybro-question" className="sr-only">
              Your question
            </label>
            <textarea
              id="busybro-question"
              ref={input}
              rows={2}
              value={draft}
              disabled={Boolean(unavailable)}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && !event.shiftKey) {
                  event.preventDefault();
                  submit();
                }
              }}
              placeholder={unavailable ? "BusyBro is not configured" : "Ask BusyBro… (Enter to send)"}
              className="min-h-9 flex-1 resize-none rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
            {chat.busy ? (
              <Button onClick={chat.stop}>Stop</Button>
            ) : (
              <Button type="submit" variant="primary" disabled={Boolean(unavailable) || !draft.trim()}>
                Ask
              </Button>
            )}
          </form>
        </aside>
      )}
    </>
  );
}
