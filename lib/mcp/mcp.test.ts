import { InsufficientScopeError, type Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { connectClient, startMcpTestServer, type Era, type McpTestServer } from "./testing";

/**
 * /mcp through the SDK's own client over Streamable HTTP, in both protocol eras, with real
 * tokens, a real database and the real operations.
 */

let db: OperationsDb;
let server: McpTestServer;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(
    db.pool,
    phoneA,
    Array.from({ length: 12 }, (_, i) => `https://api.example.com/v1/orders/${i}`),
  );
  server = await startMcpTestServer(db);
});
afterAll(async () => {
  await server?.close();
  await db?.stop();
});

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};
const errorOf = (result: ToolResult) =>
  JSON.parse(result.content[0].text!).error as { code: string; message: string; remediation?: string; field?: string };

describe.each(["legacy", "modern"] as Era[])("over the %s era", (era) => {
  const clients: Client[] = [];
  async function client(person: Person, scope: "read" | "write" = "write") {
    const connected = await connectClient(server.url, await server.token(person, scope), era);
    clients.push(connected);
    return connected;
  }
  afterAll(async () => Promise.all(clients.map((c) => c.close())));

  it("negotiates its protocol revision", async () => {
    expect((await client(memberA)).getNegotiatedProtocolVersion()).toBe(era === "modern" ? "2026-07-28" : "2025-11-25");
  });

  it("lists the tools the caller's role may use, fully annotated", async () => {
    const member = (await (await client(memberA)).listTools()).tools;
    const everyone = (await (await client(admin)).listTools()).tools;
    const names = (tools: { name: string }[]) => tools.map((t) => t.name);
    expect(names(member)).toContain("update_device");
    expect(names(member)).not.toContain("list_users");
    expect(names(member)).not.toContain("create_agent");
    expect(names(everyone)).toEqual(
      expect.arrayContaining(["list_users", "get_audit_log", "create_role", "get_status"]),
    );
    expect(everyone.length).toBeGreaterThan(member.length);
    for (const tool of everyone) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations).toMatchObject({
        title: tool.title,
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
      });
    }
    const annotations = (name: string) => everyone.find((t) => t.name === name)!.annotations;
    expect(annotations("list_devices")).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(annotations("create_workspace")).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
    });
    expect(annotations("delete_device")).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    // An update overwrites (here whole lists), so it is not the additive-only promise of destructiveHint false.
    expect(annotations("update_global_settings")).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
  });

  it("calls a read: structuredContent and the same JSON as text", async () => {
    const result = (await (await client(memberA)).callTool({ name: "list_devices", arguments: {} })) as ToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(JSON.parse(result.content[0].text!));
    expect((result.structuredContent!.items as { uuid: string }[]).map((d) => d.uuid)).toEqual([phoneA]);
  });

  it("calls a write, as the caller", async () => {
    const name = `A phone (${era})`;
    const result = (await (
      await client(memberA)
    ).callTool({ name: "update_device", arguments: { device_uuid: phoneA, name } })) as ToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ uuid: phoneA, name });
    expect((await db.owner.query("SELECT name FROM public.devices WHERE uuid = $1", [phoneA])).rows[0].name).toBe(name);
  });

  it("pages through a long list with the cursor", async () => {
    const mcp = await client(memberA);
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const page = (await mcp.callTool({
        name: "search_entries",
        arguments: { limit: 5, ...(cursor ? { cursor } : {}) },
      })) as ToolResult;
      const content = page.structuredContent as {
        items: { id: number }[];
        next_cursor: string | null;
        truncated: boolean;
      };
      ids.push(...content.items.map((e) => e.id));
      expect(content.truncated).toBe(content.next_cursor !== null);
      cursor = content.next_cursor;
    } while (cursor);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it("answers a capability error as an isError result the model can act on", async () => {
    const result = (await (await client(memberA)).callTool({ name: "list_users", arguments: {} })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(errorOf(result)).toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("users:view"),
      remediation: expect.any(String),
    });
  });

  it("member A cannot rename B's device through MCP", async () => {
    const result = (await (
      await client(memberA)
    ).callTool({ name: "update_device", arguments: { device_uuid: phoneB, name: "mine now" } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(errorOf(result).code).toBe("NOT_FOUND");
    expect((await db.owner.query("SELECT name FROM public.devices WHERE uuid = $1", [phoneB])).rows[0].name).toBe(
      "B phone",
    );
  });

  it("names the field of invalid input", async () => {
    const result = (await (
      await client(memberA)
    ).callTool({ name: "get_device", arguments: { device_uuid: "nope" } })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toContain("device_uuid");
  });

  it("refuses a write on a read-only token with 403 insufficient_scope (the client can step up)", async () => {
    const readOnly = await client(memberA, "read");
    expect((await readOnly.callTool({ name: "list_devices", arguments: {} })).isError).toBeFalsy();
    const refusal = await readOnly
      .callTool({ name: "update_device", arguments: { device_uuid: phoneA, name: "x" } })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(refusal).toBeDefined();
    expect(refusal).toBeInstanceOf(InsufficientScopeError);
    expect(refusal).toMatchObject({
      requiredScope: "busymate:read busymate:write",
      errorDescription: expect.stringContaining("read-only"),
    });
  });
});

describe("HTTP rules", () => {
  const initialize = (headers: Record<string, string>) =>
    fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "curl", version: "1" } },
      }),
    });

  it("requires a Bearer token on every request: 401 naming the protected-resource metadata", async () => {
    for (const headers of [{}, { authorization: "Bearer not-a-jwt" }] as Record<string, string>[]) {
      const response = await initialize(headers);
      expect(response.status).toBe(401);
      const challenge = response.headers.get("www-authenticate")!;
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`);
    }
    expect((await fetch(server.url)).status).toBe(401);
  });

  it("refuses a token issued for another audience", async () => {
    const { accessTokenClaims, signToken } = await import("@/lib/auth/sign");
    const claims = {
      ...accessTokenClaims({ origin: server.origin, userId: memberA.id, clientId: "x", scope: "busymate:read" }),
      aud: ["authenticated"],
    };
    const response = await initialize({
      authorization: `Bearer ${await signToken(claims, server.keys)}`,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("refuses a token signed by an unknown key, with the wrong algorithm, unsigned or expired", async () => {
    const { badTokens } = await import("@/lib/testing/bad-tokens");
    // The legacy secret itself signs the HS256 one: with a signing key configured, /mcp refuses it.
    const { TEST_JWT_SECRET } = await import("./testing");
    const bad = await badTokens(server.keys, { origin: server.origin, userId: memberA.id, secret: TEST_JWT_SECRET });
    for (const [kind, token] of Object.entries(bad)) {
      const response = await initialize({ authorization: `Bearer ${token}` });
      expect([kind, response.status]).toEqual([kind, 401]);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
    // The same person's token signed as configured is let in.
    expect((await initialize({ authorization: `Bearer ${await server.token(memberA, "read")}` })).status).toBe(200);
  });

  it("answers the write-scope challenge in WWW-Authenticate, naming every scope needed", async () => {
    const token = await server.token(memberA, "read");
    const response = await fetch(server.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${token}`,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "delete_device", arguments: { device_uuid: phoneA } },
      }),
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get("www-authenticate")!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="busymate:read busymate:write"');
    expect(challenge).toContain(`resource_metadata="${server.origin}/.well-known/oauth-protected-resource/mcp"`);
    expect((await db.owner.query("SELECT 1 FROM public.devices WHERE uuid = $1", [phoneA])).rows).toHaveLength(1);
  });

  it("validates Host and Origin (DNS rebinding)", async () => {
    const token = await server.token(memberA);
    expect((await initialize({ authorization: `Bearer ${token}`, origin: "https://evil.example" })).status).toBe(403);
    expect((await initialize({ authorization: `Bearer ${token}`, origin: server.origin })).status).toBe(200);
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        server.url,
        {
          method: "POST",
          headers: { host: "evil.example", authorization: `Bearer ${token}`, "content-type": "application/json" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on("error", reject);
      req.end("{}");
    });
    expect(status).toBe(403);
  });

  it("answers GET and DELETE with 405 (stateless: no standalone stream, no session)", async () => {
    const authorization = `Bearer ${await server.token(memberA)}`;
    expect((await fetch(server.url, { headers: { authorization, accept: "text/event-stream" } })).status).toBe(405);
    expect((await fetch(server.url, { method: "DELETE", headers: { authorization } })).status).toBe(405);
  });
});

describe("rate limit", () => {
  it("limits tool calls per person and client, answering RATE_LIMITED with the wait", async () => {
    const limited = await startMcpTestServer(db, {
      rateLimit: { name: "mcp_test_calls", limit: 3, periodSeconds: 3600 },
    });
    try {
      const mcp = await connectClient(limited.url, await limited.token(memberB), "modern");
      for (let i = 0; i < 3; i++) expect((await mcp.callTool({ name: "whoami", arguments: {} })).isError).toBeFalsy();
      const refused = (await mcp.callTool({
        name: "update_device",
        arguments: { device_uuid: phoneB, name: "over the limit" },
      })) as ToolResult;
      expect(refused.isError).toBe(true);
      expect(errorOf(refused)).toMatchObject({
        code: "RATE_LIMITED",
        message: expect.stringMatching(/try again in \d+ s/),
      });
      // Refused before it ran: nothing was written.
      expect((await db.owner.query("SELECT name FROM public.devices WHERE uuid = $1", [phoneB])).rows[0].name).toBe(
        "B phone",
      );
      // Listing is not a tool call and stays available.
      expect((await mcp.listTools()).tools.length).toBeGreaterThan(0);
      await mcp.close();
    } finally {
      await limited.close();
    }
  });
});

describe("narrowing the tool set from the URL", () => {
  it("offers only the named groups, or only reads, and refuses to call what it does not offer", async () => {
    const token = await server.token(admin);
    const entries = await connectClient(`${server.url}?groups=entries,nonsense`, token, "modern");
    expect((await entries.listTools()).tools.map((t) => t.name).sort()).toEqual([
      "build_repro",
      "count_entries",
      "export_entries",
      "get_capture",
      "get_entry",
      "list_hosts",
      "search_entries",
      "whoami",
    ]);
    const reads = await connectClient(`${server.url}?read_only=true`, token, "legacy");
    const names = (await reads.listTools()).tools.map((t) => t.name);
    expect(names).toContain("list_devices");
    expect(names).not.toContain("update_device");
    // A tool outside the selection does not exist on this URL: a protocol error, nothing runs.
    await expect(reads.callTool({ name: "delete_device", arguments: { device_uuid: phoneA } })).rejects.toThrow(
      "Tool delete_device not found",
    );
    expect((await db.owner.query("SELECT 1 FROM public.devices WHERE uuid = $1", [phoneA])).rows).toHaveLength(1);
    await Promise.all([entries.close(), reads.close()]);
  });
});
