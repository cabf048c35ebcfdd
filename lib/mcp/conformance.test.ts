import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson } from "@/lib/testing/db-fixtures";
import { startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { serveFetch, startMcpTestServer, type McpTestServer } from "./testing";

/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance) against /mcp, for every
 * server scenario that does not need the suite's own fixture tools, resources or prompts.
 * The suite sends no credentials, so it talks to a front that adds a real member's token to
 * requests that carry none; everything behind it (verification included) is the real endpoint.
 */

/**
 * Of the suite's server scenarios (0.1.16, the 2025 era), these need nothing but a server. The
 * rest call the suite's fixture tools (tools-call-*, json-schema-2020-12), or features Busymate
 * does not offer (logging, completions, resources, prompts, elicitation, sampling); the SSE
 * scenarios check nothing against a stateless server (0 checks, only warnings about sessions).
 */
const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"] as const;

const run = promisify(execFile);
const conformanceBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/package.json")),
  "dist",
  "index.js",
);

let db: OperationsDb;
let server: McpTestServer;
let front: http.Server;
let frontUrl: string;

beforeAll(async () => {
  db = await startOperationsDb();
  const member = await createPerson(db.owner, "conformance@example.com");
  await createDevice(db.owner, member, "phone");
  server = await startMcpTestServer(db);
  const token = await server.token(member);
  front = serveFetch((request) => {
    if (request.headers.has("authorization")) return server.endpoint(request);
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${token}`);
    return server.endpoint(new Request(request, { headers }));
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  // A localhost URL: the DNS-rebinding scenario needs one.
  frontUrl = `http://localhost:${(front.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => front?.close(() => resolve()));
  await server?.close();
  await db?.stop();
});

describe("MCP conformance suite", () => {
  it.each(SCENARIOS)("%s passes", async (scenario) => {
    const result = await run(process.execPath, [conformanceBin, "server", "--url", frontUrl, "--scenario", scenario], {
      timeout: 60_000,
    }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? 1,
        stdout: `${error.stdout ?? ""}\n${error.stderr ?? ""}`,
      }),
    );
    // At least one check ran, and every check passed.
    expect(result.stdout, result.stdout).toMatch(/Passed: ([1-9]\d*)\/\1, 0 failed/);
    expect(result.code).toBe(0);
  });
});
