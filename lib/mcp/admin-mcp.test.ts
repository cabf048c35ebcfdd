import type { Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoleWith, startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { connectClient, startMcpTestServer, type McpTestServer } from "./testing";

/** Issue 16 over MCP: a member's write is audited with the MCP client; history tools follow the capabilities. */

let db: OperationsDb;
let server: McpTestServer;
let member: Person;
let outsider: Person;
let phone: string;
const clients: Client[] = [];

async function client(person: Person, clientId = "claude-code") {
  const connected = await connectClient(server.url, await server.token(person, "write", clientId), "modern");
  clients.push(connected);
  return connected;
}

beforeAll(async () => {
  db = await startOperationsDb();
  await createPerson(db.owner, "admin@example.com");
  member = await createPerson(db.owner, "member@example.com", "member");
  await createRoleWith(db.owner, "devices-only", ["devices:edit"], "own");
  outsider = await createPerson(db.owner, "outsider@example.com", "devices-only");
  phone = await createDevice(db.owner, member, "Phone");
  server = await startMcpTestServer(db);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server?.close();
  await db?.stop();
});

describe("admin and monitoring over MCP", () => {
  it("a member's rename over MCP is audited with the person and the MCP client", async () => {
    const result = await (
      await client(member)
    ).callTool({
      name: "update_device",
      arguments: { device_uuid: phone, name: "Renamed over MCP" },
    });
    expect(result.isError).toBeFalsy();
    const { rows } = await db.owner.query(
      "SELECT actor_user_id, client_id, action, after ->> 'name' AS name FROM public.audit_log WHERE target_table = 'devices' AND target_id = $1 ORDER BY id DESC LIMIT 1",
      [phone],
    );
    expect(rows[0]).toEqual({
      actor_user_id: member.id,
      client_id: "claude-code",
      action: "update",
      name: "Renamed over MCP",
    });
  });

  it("the history tools are listed and answered only with stats:view / status:view", async () => {
    const mine = (await (await client(member)).listTools()).tools.map((t) => t.name);
    expect(mine).toContain("get_stats_history");
    expect(mine).not.toContain("get_status_history");
    expect(mine).not.toContain("get_audit_log");
    const theirs = await client(outsider);
    expect((await theirs.listTools()).tools.map((t) => t.name)).not.toContain("get_stats_history");
    const refused = await theirs.callTool({ name: "get_stats_history", arguments: {} });
    expect(refused.isError).toBe(true);
    const status = await (await client(member)).callTool({ name: "get_status_history", arguments: {} });
    expect(status.isError).toBe(true);
  });
});
