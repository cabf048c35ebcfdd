import { parentPort, workerData } from "node:worker_threads";
import type { Client } from "@modelcontextprotocol/client";
import { connectClient, type Era } from "@/lib/mcp/testing";

/**
 * bench/mcp.ts's SDK clients, on their own thread: agents run elsewhere than the server, and
 * sharing its one event loop would bill their JSON-RPC and output validation to the endpoint.
 */
export interface ClientJob {
  url: string;
  tokens: string[];
  era: Era;
  cases: { name: string; args: Record<string, unknown> }[];
  calls: number;
}

export interface ClientTimes {
  /** Per case: every call's duration (ms) and the wall time of the measured round (s). */
  cases: { times: number[]; seconds: number }[];
}

const job = workerData as ClientJob;
const clients: Client[] = await Promise.all(job.tokens.map((token) => connectClient(job.url, token, job.era)));
const results: ClientTimes = { cases: [] };
for (const { name, args } of job.cases) {
  const call = async (client: Client) => {
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(JSON.stringify(result.content));
  };
  // Warm: JIT, connections and caches, so the first era measured is not the one that pays.
  for (let i = 0; i < 10; i++) await Promise.all(clients.map(call));
  const times: number[] = [];
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      for (let i = 0; i < job.calls; i++) {
        const t = performance.now();
        await call(client);
        times.push(performance.now() - t);
      }
    }),
  );
  results.cases.push({ times, seconds: (performance.now() - started) / 1000 });
}
await Promise.all(clients.map((client) => client.close()));
parentPort!.postMessage(results);
