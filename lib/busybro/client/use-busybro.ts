"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useRef, useState } from "react";
import { useAccessToken, useOperations } from "@/lib/browser/providers";
import { AppError } from "@/lib/errors";
import { askStream } from "./ask-stream";

export interface ChatTurn {
  id: number;
  question: string;
  answer: string;
  tools: string[];
  artifacts: Record<string, unknown>[];
  status: "streaming" | "done" | "stopped" | "failed";
  error?: { message: string; remediation?: string };
}

let nextId = 1;

/**
 * The chat panel's state: the turns of the current conversation (loaded from the person's
 * history, saved after each answer), one answer streaming at a time, stop and retry.
 */
export function useBusyBro(context: () => string) {
  const call = useOperations();
  const token = useAccessToken();
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [cleared, setCleared] = useState(false);
  const running = useRef<AbortController | null>(null);
  const conversation = useRef<string | null>(null);

  // The latest conversation comes back after a reload; history is a convenience, so a role
  // without busybro:view still asks.
  const history = useQuery({
    queryKey: ["busybro", "latest-conversation"],
    staleTime: Infinity,
    retry: false,
    queryFn: async (): Promise<{ id: string; turns: ChatTurn[] } | null> => {
      const recent = await call("list_conversations", { limit: 1 });
      const latest = recent.items[0];
      if (!latest) return null;
      const open = await call("get_conversation", { conversation_id: latest.id });
      const restored: ChatTurn[] = [];
      for (let i = 0; i + 1 < open.turns.length; i += 2) {
        restored.push({
          id: nextId++,
          question: open.turns[i].text,
          answer: open.turns[i + 1].text,
          tools: [],
          artifacts: open.turns[i + 1].artifacts,
          status: "done",
        });
      }
      conversation.current ??= latest.id;
      return { id: latest.id, turns: restored };
    },
  });
  const shown = useMemo(
    () => (cleared || !history.data ? turns : [...history.data.turns, ...turns]),
    [cleared, history.data, turns],
  );

  const patch = (id: number, change: (turn: ChatTurn) => ChatTurn) =>
    setTurns((all) => all.map((turn) => (turn.id === id ? change(turn) : turn)));

  const ask = useCallback(
    async (question: string, previous: ChatTurn[] = []) => {
      running.current?.abort();
      const abort = new AbortController();
      running.current = abort;
      const id = nextId++;
      setTurns((all) => [...all, { id, question, answer: "", tools: [], artifacts: [], status: "streaming" }]);
      const history = previous
        .filter((turn) => turn.status === "done")
        .slice(-6)
        .flatMap((turn) => [
          { role: "user" as const, text: turn.question },
          { role: "assistant" as const, text: turn.answer },
        ]);
      try {
        const answer = await askStream(
          token,
          { question, history, context: context() },
          {
            onText: (delta) => patch(id, (turn) => ({ ...turn, answer: turn.answer + delta })),
            onTool: (label) => patch(id, (turn) => ({ ...turn, tools: [...turn.tools, label] })),
            onArtifact: (artifact) => patch(id, (turn) => ({ ...turn, artifacts: [...turn.artifacts, artifact] })),
          },
          abort.signal,
        );
        let artifacts: Record<string, unknown>[] = [];
        setTurns((all) =>
          all.map((turn) => {
            if (turn.id !== id) return turn;
            artifacts = turn.artifacts;
            return { ...turn, answer, status: "done" };
          }),
        );
        const saved = await call("save_conversation_turn", {
          ...(conversation.current ? { conversation_id: conversation.current } : {}),
          question,
          answer,
          artifacts: artifacts.slice(0, 20),
        }).catch(() => null);
        if (saved) {
          conversation.current = saved.conversation_id;
          setConversationId(saved.conversation_id);
        }
      } catch (error) {
        if (abort.signal.aborted) patch(id, (turn) => ({ ...turn, status: "stopped" }));
        else {
          const typed = error instanceof AppError ? error : null;
          patch(id, (turn) => ({
            ...turn,
            status: "failed",
            error: {
              message: typed?.message ?? "BusyBro could not answer.",
              remediation: typed?.remediation,
            },
          }));
        }
      } finally {
        if (running.current === abort) running.current = null;
      }
    },
    [call, token, context],
  );

  const stop = useCallback(() => running.current?.abort(), []);

  const retry = useCallback(
    (turn: ChatTurn) => {
      setTurns((all) => all.filter((t) => t.id !== turn.id));
      void ask(
        turn.question,
        shown.filter((t) => t.id !== turn.id),
      );
    },
    [ask, shown],
  );

  const clear = useCallback(async () => {
    running.current?.abort();
    const id = conversation.current;
    conversation.current = null;
    setConversationId(null);
    setCleared(true);
    setTurns([]);
    if (id) await call("delete_conversation", { conversation_id: id }).catch(() => undefined);
  }, [call]);

  const busy = turns.some((turn) => turn.status === "streaming");
  return {
    turns: shown,
    conversationId: conversationId ?? history.data?.id ?? null,
    loaded: !history.isPending,
    busy,
    ask: (question: string) => ask(question, shown),
    stop,
    retry,
    clear,
  };
}
