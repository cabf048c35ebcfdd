import os from "node:os";
import type { AddressInfo } from "node:net";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import pg from "pg";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { createAskHandler } from "@/lib/busybro/handler";
import { configuredModel } from "@/lib/busybro/model";
import { lastMessage, startScriptedModel } from "@/lib/busybro/testing/scripted-model";
import { serveFetch } from "@/lib/mcp/testing";
import { createDevice, createPerson, insertEntries } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npm run bench:busybro [-- --asks=40 --first-token=40]`: BusyBro's own overhead on the ask
 * API over HTTP (token, role, the caller's tool set, the lead-agent lookup, SSE) against a
 * scripted OpenAI-compatible model whose first token takes a fixed time. Baseline in the same
 * run: the same AI SDK provider streaming from the same model with no BusyBro around it.
 * Reported per question: time to the first `text` event minus the model's first-token delay,
 * and the extra time one tool call adds (the tool's run, its redaction, the second model call
 * less that call's own delay). p50/p95 at 1 and 8 concurrent askers.
 * Targets: overhead p95 < 50 ms with one asker, < 150 ms at 8.
 */

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const ASKS = arg("asks", 40);
const FIRST_TOKEN_MS = arg("first-token", 40);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const fmt = (ms: number) => ms.toFixed(1).padStart(7);

const db = await startTempPostgres();
const owner = new pg.Pool({ connectionString: db.url, max: 4 });
const pool = new pg.Pool({ connectionString: db.url, max: 15 });
// The throwaway server's shutdown may reach idle connections.
for (const p of [owner, pool]) p.on("error", () => undefined);
const person = await createPerson(owner, "bench@example.com");
const device = await createDevice(owner, person, "Bench phone");
await insertEntries(
  pool,
  device,
  Array.from({ length: 200 }, (_, i) => `https://api.bench.example/v1/items/${i}`),
);

const model = await startScriptedModel((request) =>
  lastMessage(request).role === "tool" || !String(lastMessage(request).content).includes("devices")
    ? { text: "Done: the answer.", chunks: 2, firstTokenMs: FIRST_TOKEN_MS }
    : { toolCalls: [{ name: "list_devices", arguments: {} }], delayMs: FIRST_TOKEN_MS },
);

const SECRET = "busybro-bench-secret-that-is-long-enough-0123456789";
const handlers: { ask?: (request: Request) => Promise<Response> } = {};
const server = serveFetch((request) => handlers.ask!(request));
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
handlers.ask = createAskHandler({
  pool,
  modelFor: configuredModel({ BUSYBRO_MODEL_URL: model.baseURL, BUSYBRO_MODEL: "bench" }),
  rateLimit: false,
  auth: { issuer: origin, audience: origin, secret: SECRET, origin },
});
const token = await signToken(
  accessTokenClaims({ origin, userId: person.id, clientId: "bench", scope: "busymate:read busymate:write" }),
  SECRET,
);

/** Milliseconds from sending the question to the first `text` event. */
async function askOnce(question: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}/functions/v1/ask`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ question }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let first = -1;
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    if (first < 0 && text.includes("event: text")) first = performance.now() - started;
  }
  if (first < 0 || !text.includes("event: done")) throw new Error(`no answer: ${text.slice(0, 300)}`);
  return first;
}

/** The baseline: the provider alone, same model server, same question. */
const provider = createOpenAICompatible({ name: "baseline", baseURL: model.baseURL, includeUsage: true });
async function directOnce(): Promise<number> {
  const started = performance.now();
  const run = streamText({ model: provider.chatModel("bench"), prompt: "say it" });
  let first = -1;
  for await (const part of run.fullStream)
    if (first < 0 && part.type === "text-delta") first = performance.now() - started;
  return first;
}

async function measure(concurrency: number, once: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await Promise.all(Array.from({ length: concurrency }, once));
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < Math.ceil(ASKS / concurrency) * (concurrency > 1 ? 2 : 1); i++) times.push(await once());
    }),
  );
  return times;
}

console.log(
  `bench:busybro — ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; model first token ${FIRST_TOKEN_MS} ms`,
);
console.log("concurrency  case                          p50 ms   p95 ms   target");
for (const concurrency of [1, 8]) {
  const direct = await measure(concurrency, directOnce);
  const plain = await measure(concurrency, () => askOnce("say hello"));
  const withTool = await measure(concurrency, () => askOnce("how many devices?"));
  const overhead = plain.map((t) => t - FIRST_TOKEN_MS);
  // One tool call adds a model call (its own first-token delay) and the tool's work.
  const toolCost = (p: number) => percentile(withTool, p) - percentile(plain, p) - FIRST_TOKEN_MS;
  const target = concurrency === 1 ? 50 : 150;
  const p95 = percentile(overhead, 95);
  console.log(
    `${String(concurrency).padStart(11)}  provider alone, first token  ${fmt(percentile(direct, 50) - FIRST_TOKEN_MS)}  ${fmt(percentile(direct, 95) - FIRST_TOKEN_MS)}   (baseline)`,
  );
  console.log(
    `${String(concurrency).padStart(11)}  BusyBro overhead             ${fmt(percentile(overhead, 50))}  ${fmt(p95)}   < ${target}: ${p95 < target ? "met" : "MISSED"}`,
  );
  console.log(
    `${String(concurrency).padStart(11)}  per tool call                ${fmt(toolCost(50))}  ${fmt(toolCost(95))}`,
  );
}

server.closeAllConnections();
server.close();
await model.close();
await pool.end();
await owner.end();
await db.stop();
