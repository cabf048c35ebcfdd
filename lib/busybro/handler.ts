import "server-only";
import type pg from "pg";
import { z } from "zod";
import { authenticate, type ChallengeOptions, type VerifyOptions } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/errors/database";
import { methodNotAllowed, toErrorResponse } from "@/lib/errors/http";
import { readCallerRole } from "@/lib/operations";
import { callerFromToken } from "@/lib/operations/caller";
import { enforceRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import { readJson } from "@/lib/routes/read-json";
import { answer } from "./ask";
import { SSE_PING, sseFrame, type AskEvent } from "./events";
import { NO_MODEL, type ModelFor } from "./model";
import { parseAskRequest } from "./request";

export interface AskHandlerOptions {
  pool: pg.Pool;
  /** Null when no model is configured: every question gets the 503 that says what to set. */
  modelFor: ModelFor | null;
  /** Comment frames that hold the connection open while tools run (seed 003: about every 15 s). */
  pingMs?: number;
  /** Per-person limit; off in tests that ask many questions. */
  rateLimit?: boolean;
  /** A SearXNG-compatible search endpoint for BusyBro's web_search; none, no web search. */
  searchUrl?: string;
  /** How the token is verified; default this app's issuer, origin audience and token keys (lib/config). */
  auth?: ChallengeOptions & VerifyOptions;
}

const BODY_BYTES = 256 * 1024;

/** What the person reads when an answer fails: ours as written, a provider's without its details. */
function friendly(error: unknown): string {
  if (error instanceof AppError) return [error.message, error.remediation].filter(Boolean).join(" ");
  if ((error as { name?: string }).name === "AbortError") return "Stopped.";
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === "number")
    return `BusyBro's model server answered ${status}; try again, or check BUSYBRO_MODEL_URL and BUSYBRO_MODEL.`;
  console.error("[busybro] answer failed", error);
  return "BusyBro could not finish this answer; try again.";
}

/**
 * POST /functions/v1/ask (seed 003) as a fetch handler: the one token, the body, then the
 * answer streamed as SSE (`Accept: text/event-stream`) or as one `{answer}`. Every tool runs
 * as the caller; the client aborting stops generation and any further tool work.
 */
export function createAskHandler({
  pool,
  modelFor,
  pingMs = 15_000,
  rateLimit = true,
  auth = {},
  searchUrl,
}: AskHandlerOptions) {
  return async function ask(request: Request): Promise<Response> {
    if (request.method !== "POST") return methodNotAllowed(["POST"]);
    try {
      const token = await authenticate(request, auth);
      if (!modelFor) throw NO_MODEL;
      if (rateLimit) await enforceRateLimit(pool, RATE_LIMITS.busybroAsk, token.sub);
      const body = parseAskRequest(await readJson(request, z.unknown(), BODY_BYTES));
      const caller = callerFromToken(token);
      const role = await readCallerRole(pool, caller.claims);
      if (!role.capabilities.has("busybro:view"))
        throw new AppError(
          "FORBIDDEN",
          `Your role (${role.role?.slug ?? "none"}) lacks the busybro:view capability that asking BusyBro needs.`,
          "Ask an admin to grant it under Roles; capabilities apply at once.",
        );
      const abort = new AbortController();
      request.signal?.addEventListener("abort", () => abort.abort(), { once: true });

      if (!(request.headers.get("accept") ?? "").includes("text/event-stream")) {
        const text = await answer({
          pool,
          caller,
          modelFor,
          request: body,
          emit: () => undefined,
          signal: abort.signal,
          searchUrl,
        });
        return Response.json({ answer: text }, { headers: { "Cache-Control": "no-store" } });
      }

      const encoder = new TextEncoder();
      let ping: ReturnType<typeof setInterval> | undefined;
      // False once the stream is closed or the client went away: nothing may be written after.
      let open = true;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const write = (chunk: string) => {
            if (open) controller.enqueue(encoder.encode(chunk));
          };
          const close = () => {
            if (!open) return;
            open = false;
            clearInterval(ping);
            controller.close();
          };
          ping = setInterval(() => write(SSE_PING), pingMs);
          const emit = (event: AskEvent) => write(sseFrame(event));
          answer({ pool, caller, modelFor, request: body, emit, signal: abort.signal, searchUrl })
            .then((text) => emit({ event: "done", data: { answer: text } }))
            .catch((error: unknown) => {
              if (!abort.signal.aborted) emit({ event: "error", data: { message: friendly(error) } });
            })
            .finally(close);
        },
        cancel() {
          open = false;
          clearInterval(ping);
          abort.abort();
        },
      });
      return new Response(stream, {
        headers: {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-store",
          Connection: "keep-alive",
          "X-Accel-Buffering": "no",
        },
      });
    } catch (error) {
      const typed = toAppError(error, "the ask API");
      return toErrorResponse(typed);
    }
  };
}
