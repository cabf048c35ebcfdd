import "server-only";
import { isStepCount, streamText, tool, type ModelMessage, type ToolSet } from "ai";
import type pg from "pg";
import type { Caller } from "@/lib/operations/types";
import { findAgent, leadAgent, type Specialist } from "./agents";
import type { Emit } from "./events";
import type { ModelFor } from "./model";
import { createRedactor } from "./redact";
import type { AskRequest } from "./request";
import { operationTools, runTaskInput, type ToolContext } from "./tools";
import { webSearchTool } from "./web-search";

/** Bounds on one question: steps per run, delegations, and a specialist cannot delegate again. */
export const BOUNDS = { steps: 8, specialistSteps: 6, delegations: 3 };

const PERSONA = `You are BusyBro, the assistant inside Busymate, a team dashboard for captured HTTP(S) traffic.
Answer in Markdown, concisely. Use the tools to read live data before answering; never guess numbers.
Every tool runs as the person asking, bounded by their role: if a tool refuses, say what is missing.
Values written as {{NAME}} are placeholders for secrets (tokens, cookies, keys, passwords); keep them as placeholders and never ask for or invent their values.
To explain an app's login or auth flow, find its captures with search_entries and build a runnable repro with build_repro when it is available.`;

function systemPrompt(lead: Specialist | null, context: string | undefined, names: string[]): string {
  return [
    PERSONA,
    lead ? `You lead this answer as the specialist "${lead.label}" (${lead.slug}):\n${lead.instructions}` : "",
    names.includes("run_task")
      ? "run_task hands a self-contained task to a specialist agent (list_agents shows them)."
      : "",
    context ? `The person is ${context}.` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

function messagesOf(request: AskRequest): ModelMessage[] {
  const messages: ModelMessage[] = request.history.map((turn) => ({ role: turn.role, content: turn.text }));
  const last = request.history.at(-1);
  if (request.priorAnswer && !(last?.role === "assistant" && last.text === request.priorAnswer))
    messages.push({ role: "assistant", content: request.priorAnswer });
  messages.push({ role: "user", content: request.question });
  return messages;
}

export interface AskOptions {
  /** A SearXNG-compatible endpoint; no web search without one. */
  searchUrl?: string;
  pool: pg.Pool;
  caller: Caller;
  modelFor: ModelFor;
  request: AskRequest;
  emit: Emit;
  signal: AbortSignal;
}

/**
 * One question, answered: the lead agent (a service group's primary when the question names
 * its hosts), the caller's tools plus run_task, streamed text and tool hints through `emit`.
 * Returns the whole answer, scrubbed of any secret a tool result carried.
 */
export async function answer({
  pool,
  caller,
  modelFor,
  request,
  emit,
  signal,
  searchUrl,
}: AskOptions): Promise<string> {
  const redactor = createRedactor();
  const ctx: ToolContext = { pool, caller, redactor, emit, signal };
  const { tools } = await operationTools(ctx);
  const lead = await leadAgent(pool, caller, `${request.question}\n${request.context ?? ""}`);

  let delegations = 0;
  const specialistTools: ToolSet = { ...tools };
  const allTools: ToolSet = {
    ...tools,
    run_task: tool({
      description:
        "Hands a task to a specialist BusyBro agent (by slug) with its own instructions and the same tools; returns its answer.",
      inputSchema: runTaskInput,
      execute: async ({ agent, task }) => {
        signal.throwIfAborted();
        if (++delegations > BOUNDS.delegations)
          return {
            error: { code: "RATE_LIMITED", message: `At most ${BOUNDS.delegations} delegations per question.` },
          };
        const specialist = await findAgent(pool, caller, agent);
        if (!specialist)
          return { error: { code: "NOT_FOUND", message: `No agent "${agent}" among those you may see.` } };
        emit({ event: "tool", data: { label: `Asking ${specialist.label}…` } });
        const run = streamText({
          model: modelFor(specialist.model),
          system: `${PERSONA}\n\nYou are the specialist "${specialist.label}":\n${specialist.instructions}`,
          messages: [{ role: "user", content: task }],
          tools: specialistTools,
          stopWhen: isStepCount(BOUNDS.specialistSteps),
          abortSignal: signal,
        });
        return { agent: specialist.slug, answer: redactor.scrub(await run.text) };
      },
    }),
  };
  if (searchUrl) allTools.web_search = webSearchTool(searchUrl, emit, signal);
  const offered = Object.keys(allTools);

  const run = streamText({
    model: modelFor(lead?.model),
    system: systemPrompt(lead, request.context, offered),
    messages: messagesOf(request),
    tools: allTools,
    stopWhen: isStepCount(BOUNDS.steps),
    abortSignal: signal,
  });
  let text = "";
  for await (const part of run.fullStream) {
    if (part.type === "text-delta" && part.text) {
      text += part.text;
      emit({ event: "text", data: { delta: part.text } });
    } else if (part.type === "error") {
      throw part.error;
    }
  }
  return redactor.scrub(text);
}
