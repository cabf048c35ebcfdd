import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { verifyAccessToken } from "@/lib/auth";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import type { TokenKeys } from "@/lib/auth/token-keys";
import { testTokenKeys } from "@/lib/testing/token-keys";
import type { Person } from "@/lib/testing/db-fixtures";
import type { OperationsDb } from "@/lib/operations/testing";
import { createMcpEndpoint, MCP_PATH, type McpEndpointOptions } from "./handler";

/**
 * Hosts the /mcp fetch handler on a plain node:http server (the same Request → Response code
 * the Next.js route runs, without a Next build), with real tokens signed by the identity
 * module's signer and checked by its verifier.
 */

export const TEST_JWT_SECRET = "mcp-test-secret-that-is-long-enough-0123456789";

export interface McpTestServer {
  origin: string;
  url: string;
  /** What its tokens are signed and verified with: the suite's signing mode (BUSYMATE_TEST_JWT_SIGNING). */
  keys: TokenKeys;
  /** The endpoint itself, for hosting it again behind something else. */
  endpoint: (request: Request) => Promise<Response>;
  token(person: Person, scope?: "read" | "write", clientId?: string): Promise<string>;
  close(): Promise<void>;
}

/** A fetch handler behind node:http: the request body is buffered, the response streamed back. */
export function serveFetch(handler: (request: Request) => Promise<Response>): http.Server {
  return http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD" && chunks.length > 0;
      const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Buffer.concat(chunks) : undefined,
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });
}

export async function startMcpTestServer(
  db: Pick<OperationsDb, "pool" | "owner">,
  options: Partial<McpEndpointOptions> = {},
): Promise<McpTestServer> {
  // The handler needs the origin, which is known once the server listens.
  const handlers: { endpoint?: (request: Request) => Promise<Response> } = {};
  const server = serveFetch((request) => handlers.endpoint!(request));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = await testTokenKeys(TEST_JWT_SECRET);
  handlers.endpoint = createMcpEndpoint({
    pool: db.pool,
    rateLimitPool: db.owner,
    verify: (token) => verifyAccessToken(token, { issuer: origin, keys, audience: `${origin}${MCP_PATH}` }),
    origin,
    allowedHostnames: ["127.0.0.1", "localhost"],
    version: "0.0.0-test",
    ...options,
  });
  return {
    origin,
    url: `${origin}${MCP_PATH}`,
    keys,
    endpoint: handlers.endpoint,
    async token(person, scope = "write", clientId = "test-agent") {
      const scopes = scope === "write" ? "busymate:read busymate:write" : "busymate:read";
      return signToken(accessTokenClaims({ origin, userId: person.id, clientId, scope: scopes }), keys);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Era = "legacy" | "modern";

/** The SDK's own client over Streamable HTTP, speaking the chosen protocol era. */
export async function connectClient(url: string, token: string, era: Era): Promise<Client> {
  const client = new Client(
    { name: "busymate-test", version: "1.0.0" },
    era === "modern" ? { versionNegotiation: { mode: "auto" } } : {},
  );
  const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: { token: async () => token } });
  await client.connect(transport);
  return client;
}
