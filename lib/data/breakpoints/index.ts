import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";

export type BreakpointSummary = OperationOutput<"list_breakpoints">["items"][number];
export type HeldExchange = OperationOutput<"get_breakpoint">;
export type ResumeInput = OperationInput<"resume_breakpoint">;
export type Header = { name: string; value: string };

export const breakpointKeys = {
  all: () => ["breakpoints"] as const,
  held: () => ["breakpoints", "held"] as const,
  history: () => ["breakpoints", "history"] as const,
  event: (id: string) => ["breakpoints", "event", id] as const,
};

/** Held exchanges are few (a device holds one per paused request): the first 100 are the live set. */
export const heldOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: breakpointKeys.held(),
    queryFn: () => call("list_breakpoints", { state: "held", limit: 100 }),
    staleTime: 10_000,
  });

export const HISTORY_PAGE = 25;

export const historyOptions = (call: CallOperation) =>
  infiniteQueryOptions({
    queryKey: breakpointKeys.history(),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call("list_breakpoints", { state: "recent", limit: HISTORY_PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 10_000,
  });

/** What was held never changes; whether it is still held does, and comes with the list. */
export const heldExchangeOptions = (call: CallOperation, id: string) =>
  queryOptions({
    queryKey: breakpointKeys.event(id),
    queryFn: () => call("get_breakpoint", { event_id: id }),
    staleTime: Infinity,
  });

/** An editor's state for one held exchange, started from what was captured. */
export interface Draft {
  status: string;
  headers: Header[];
  /** null when the body is binary (base64) and is not edited as text. */
  body: string | null;
}

export function draftOf(exchange: HeldExchange): Draft {
  const held = exchange.phase === "response" && exchange.response ? exchange.response : exchange.request;
  const body = held.body ? (held.body.encoding === "text" ? held.body.content : null) : "";
  return {
    status: exchange.phase === "response" && exchange.response ? String(exchange.response.status) : "",
    headers: held.headers.map((h) => ({ ...h })),
    body,
  };
}

const sameHeaders = (a: readonly Header[], b: readonly Header[]) =>
  a.length === b.length && a.every((h, i) => h.name === b[i].name && h.value === b[i].value);

/** The first problem in a draft, as the operation would name it, or null. */
export function draftProblem(exchange: HeldExchange, draft: Draft): string | null {
  if (exchange.phase === "response") {
    const status = Number(draft.status);
    if (!Number.isInteger(status) || status < 100 || status > 599) return "Status: a whole number from 100 to 599.";
  }
  for (const [i, h] of draft.headers.entries()) {
    if (!h.name.trim()) return `Header ${i + 1}: a name is needed (or remove the row).`;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h.name.trim()))
      return `Header ${i + 1}: "${h.name}" is not a header name.`;
  }
  return null;
}

/**
 * The resume for a draft: `continue` when nothing changed, else `modify` with only what changed
 * (the header list is sent whole, since the device replaces the list).
 */
export function resumeOf(exchange: HeldExchange, draft: Draft): ResumeInput {
  const start = draftOf(exchange);
  const headers = draft.headers.map((h) => ({ name: h.name.trim(), value: h.value }));
  const edits: { headers?: Header[]; body?: string; status?: number } = {};
  if (!sameHeaders(headers, start.headers)) edits.headers = headers;
  if (draft.body !== null && draft.body !== start.body) edits.body = draft.body;
  if (exchange.phase === "response" && draft.status !== start.status) edits.status = Number(draft.status);
  if (Object.keys(edits).length === 0) return { event_id: exchange.id, action: "continue" };
  return exchange.phase === "response"
    ? { event_id: exchange.id, action: "modify", response: edits }
    : { event_id: exchange.id, action: "modify", request: edits };
}

export const resolutionLabel = (event: Pick<BreakpointSummary, "resolution" | "timed_out" | "held">) =>
  event.held
    ? "Held"
    : event.timed_out
      ? `Timed out (${event.resolution === "abort" ? "aborted" : "continued"})`
      : event.resolution === "abort"
        ? "Aborted"
        : event.resolution === "modify"
          ? "Resumed edited"
          : "Resumed unchanged";
