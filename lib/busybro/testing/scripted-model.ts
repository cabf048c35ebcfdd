import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted OpenAI-compatible model server on loopback: `POST /v1/chat/completions` answered
 * as a real one streams (chat.completion.chunk lines, tool_calls deltas, usage, [DONE]). The
 * real AI SDK provider talks to it; tests decide each reply from what the model was sent and
 * read every request afterwards (to prove what the provider never saw).
 */

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  content?: string | null | { type: string; text?: string }[];
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: { type: "function"; function: { name: string; description?: string; parameters: unknown } }[];
  stream?: boolean;
}

export type Reply =
  | { text: string; chunks?: number; delayMs?: number; firstTokenMs?: number }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[]; delayMs?: number };

export type Script = (request: ChatRequest, call: number) => Reply;

export interface ScriptedModel {
  baseURL: string;
  requests: ChatRequest[];
  /** Requests whose client went away before the reply ended. */
  aborted: number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of the last tool results the model was given, for scripts that echo what they saw. */
export function toolResults(request: ChatRequest): string[] {
  return request.messages.filter((m) => m.role === "tool").map((m) => String(m.content ?? ""));
}

export const lastMessage = (request: ChatRequest) => request.messages[request.messages.length - 1];

export async function startScriptedModel(script: Script): Promise<ScriptedModel> {
  const requests: ChatRequest[] = [];
  const state = { aborted: 0 };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
    requests.push(body);
    const reply = script(body, requests.length - 1);
    let gone = false;
    res.on("close", () => {
      if (!res.writableEnded) {
        gone = true;
        state.aborted++;
      }
    });
    const id = `chatcmpl-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: Record<string, number>) =>
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
        ...(usage ? { usage } : {}),
      })}\n\n`;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    if ("toolCalls" in reply) {
      if (reply.delayMs) await sleep(reply.delayMs);
      reply.toolCalls.forEach((call, index) => {
        res.write(
          chunk({
            role: "assistant",
            tool_calls: [
              {
                index,
                id: `call_${requests.length}_${index}`,
                type: "function",
                function: { name: call.name, arguments: "" },
              },
            ],
          }),
        );
        res.write(chunk({ tool_calls: [{ index, function: { arguments: JSON.stringify(call.arguments) } }] }));
      });
      res.write(chunk({}, "tool_calls", usage));
    } else {
      if (reply.firstTokenMs) await sleep(reply.firstTokenMs);
      const n = Math.max(1, reply.chunks ?? 3);
      const size = Math.ceil(reply.text.length / n);
      for (let i = 0; i < reply.text.length && !gone; i += size) {
        res.write(
          chunk(
            i === 0
              ? { role: "assistant", content: reply.text.slice(i, i + size) }
              : { content: reply.text.slice(i, i + size) },
          ),
        );
        if (reply.delayMs) await sleep(reply.delayMs);
      }
      if (gone) return;
      res.write(chunk({}, "stop", usage));
    }
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get aborted() {
      return state.aborted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
