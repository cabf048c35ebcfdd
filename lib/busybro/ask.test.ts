import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims, signToken } from "@/lib/auth/sign";
import { withClaims } from "@/lib/db/with-claims";
import { startOperationsDb, type OperationsDb } from "@/lib/operations/testing";
import { createDevice, createPerson, deviceClaims, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { Recorder } from "@/lib/repro/testing/recorder";
import { oauthPassword } from "@/lib/repro/testing/schemes/oauth-password";
import { runOperation } from "@/lib/operations/run";
import { findOperation } from "@/lib/operations";
import { callerOf, createRoleWith } from "@/lib/operations/testing";
import { createAskHandler } from "./handler";
import { configuredModel } from "./model";
import {
  lastMessage,
  startScriptedModel,
  toolResults,
  type Script,
  type ScriptedModel,
} from "./testing/scripted-model";

/**
 * The ask API against real PostgreSQL, the real AI SDK provider and a scripted
 * OpenAI-compatible model server on loopback.
 */

const ORIGIN = "http://127.0.0.1:3999";
const SECRET = "busybro-test-secret-that-is-long-enough-0123456789";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJidXN5YnJvIn0.c2lnbmF0dXJlLWJ1c3licm8";
const SESSION = "s3ss10n-busybro-cookie";
const PASSWORD = "correct-horse-battery-staple";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let loginEntry: number;
let flow: number[];
let flowSecrets: string[];
let model: ScriptedModel | undefined;

async function tokenFor(person: Person, scope = "busymate:read busymate:write") {
  return signToken(accessTokenClaims({ origin: ORIGIN, userId: person.id, clientId: "busybro-test", scope }), SECRET);
}

async function handlerWith(script: Script | null, pingMs = 15_000, searchUrl?: string) {
  model = script ? await startScriptedModel(script) : undefined;
  return createAskHandler({
    searchUrl,
    pool: db.pool,
    modelFor: model ? configuredModel({ BUSYBRO_MODEL_URL: model.baseURL, BUSYBRO_MODEL: "scripted" }) : null,
    pingMs,
    rateLimit: false,
    auth: { issuer: ORIGIN, audience: ORIGIN, secret: SECRET, origin: ORIGIN },
  });
}

function ask(body: unknown, token?: string, sse = false, signal?: AbortSignal) {
  return new Request(`${ORIGIN}/functions/v1/ask`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(sse ? { accept: "text/event-stream" } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

interface SseEvent {
  event: string;
  data: unknown;
}

/** SSE frames in order; comment frames as { event: "comment" }. */
function parseSse(raw: string): SseEvent[] {
  return raw
    .split("\n\n")
    .filter((frame) => frame.trim())
    .map((frame) => {
      if (frame.startsWith(":")) return { event: "comment", data: frame.slice(1).trim() };
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      return { event, data: data ? JSON.parse(data) : null };
    });
}

const toolNames = (script: ScriptedModel, call = 0) => (script.requests[call].tools ?? []).map((t) => t.function.name);

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  const phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(db.pool, phoneA, ["https://api.shop.example/v1/items/1"]);
  await insertEntries(db.pool, phoneB, ["https://b-private.example/v1/secret-plans"]);
  await withClaims(db.pool, deviceClaims(phoneA), (client) =>
    client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
      phoneA,
      {
        startedAt: new Date().toISOString(),
        source: "vpn",
        request: {
          method: "POST",
          url: "https://auth.shop.example/v1/login",
          httpVersion: "HTTP/2",
          headers: [
            { name: "Authorization", value: `Bearer ${JWT}` },
            { name: "Cookie", value: `session=${SESSION}` },
            { name: "Content-Type", value: "application/json" },
          ],
          body: {
            encoding: "text",
            content: JSON.stringify({ email: "a@example.com", password: PASSWORD }),
            size: 64,
            mimeType: "application/json",
            truncated: false,
          },
        },
        response: {
          status: 200,
          statusText: "OK",
          httpVersion: "HTTP/2",
          headers: [{ name: "Set-Cookie", value: `session=${SESSION}; HttpOnly` }],
        },
        durationMs: 12,
      },
    ]),
  );
  loginEntry = Number(
    (await db.owner.query<{ id: string }>("SELECT max(id) AS id FROM public.entries WHERE device_uuid = $1", [phoneA]))
      .rows[0].id,
  );
  const credentials = oauthPassword.credentials();
  const service = await oauthPassword.start(credentials);
  const recorder = new Recorder();
  try {
    await oauthPassword.record(service, credentials, recorder);
  } finally {
    await service.server.close();
  }
  flowSecrets = [...service.issuer.everIssued, credentials.password, credentials.clientId];
  await withClaims(db.pool, deviceClaims(phoneA), async (client) => {
    for (const { entry } of recorder.entries)
      await client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        phoneA,
        entry,
      ]);
  });
  flow = (
    await db.owner.query<{ id: string }>(
      "SELECT id FROM public.entries WHERE device_uuid = $1 ORDER BY id DESC LIMIT $2",
      [phoneA, recorder.entries.length],
    )
  ).rows
    .map((row) => Number(row.id))
    .reverse();
  const [agent] = (
    await db.owner.query<{ id: string }>(
      "INSERT INTO public.busybro_agents (slug, label, instructions) VALUES ('auth-expert', 'Auth expert', 'SPECIALIST-MARKER: explain sign-in flows step by step.') RETURNING id",
    )
  ).rows;
  const [group] = (
    await db.owner.query<{ id: string }>(
      "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('Shop auth', '{*.auth.shop.example,auth.shop.example}', $1) RETURNING id",
      [memberA.id],
    )
  ).rows;
  await db.owner.query(
    "INSERT INTO public.service_group_agents (group_id, agent_id, is_primary) VALUES ($1, $2, true)",
    [group.id, agent.id],
  );
});

afterEach(async () => {
  await model?.close();
  model = undefined;
});

afterAll(async () => db?.stop());

/** A SearXNG-shaped search service on loopback: `?q=…&format=json` → results. */
async function startSearch(): Promise<{ url: string; queries: string[]; close(): Promise<void> }> {
  const queries: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    queries.push(url.searchParams.get("q") ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        results: [
          {
            title: "OAuth 2.0 Password Grant",
            url: "https://oauth.net/2/grant-types/password/",
            content: "Legacy grant.",
          },
          { title: "not a web page", url: "javascript:alert(1)", content: "dropped" },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/search`,
    queries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the ask API's refusals", () => {
  it("401 with the app's challenge for a missing or foreign token, never a redirect", async () => {
    const handler = await handlerWith(() => ({ text: "unused" }));
    const missing = await handler(ask({ question: "hi" }));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await missing.json()).error.code).toBe("UNAUTHORIZED");
    const foreign = await signToken(
      accessTokenClaims({ origin: ORIGIN, userId: memberA.id, clientId: "x", scope: "busymate:read" }),
      "another-secret-that-is-long-enough-0123456789",
    );
    expect((await handler(ask({ question: "hi" }, foreign))).status).toBe(401);
    expect(model!.requests).toHaveLength(0);
  });

  it("400 BAD_REQUEST when question is missing or not a string; bad JSON too", async () => {
    const handler = await handlerWith(() => ({ text: "unused" }));
    const token = await tokenFor(memberA);
    for (const body of [{}, { question: 42 }, { question: "   " }, "{not json"]) {
      const response = await handler(ask(body, token));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe("BAD_REQUEST");
    }
    expect(model!.requests).toHaveLength(0);
  });

  it("403 for a role without busybro:view, before the model is asked", async () => {
    await createRoleWith(db.owner, "no-busybro", ["devices:view", "entries:view"]);
    const person = await createPerson(db.owner, "no-busybro@example.com", "no-busybro");
    const handler = await handlerWith(() => ({ text: "unused" }));
    const response = await handler(ask({ question: "hi" }, await tokenFor(person)));
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain("busybro:view");
    expect(model!.requests).toHaveLength(0);
  });

  it("503 naming what to set when no model is configured", async () => {
    const handler = await handlerWith(null);
    const response = await handler(ask({ question: "hi" }, await tokenFor(memberA)));
    expect(response.status).toBe(503);
    const { error } = await response.json();
    expect(error.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.remediation).toContain("BUSYBRO_MODEL_URL");
    expect(error.remediation).toContain("BUSYBRO_MODEL");
  });
});

describe("answers", () => {
  it("streams tool, artifact, text and done in order; done carries the whole answer", async () => {
    const handler = await handlerWith((_request, call) =>
      call === 0
        ? { toolCalls: [{ name: "list_devices", arguments: {} }] }
        : { text: "You have **1** device.", chunks: 4 },
    );
    const response = await handler(ask({ question: "how many devices do I have?" }, await tokenFor(memberA), true));
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await response.text()).filter((e) => e.event !== "comment");
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe("tool");
    expect(events[0].data).toEqual({ label: "List devices…" });
    expect(kinds[1]).toBe("artifact");
    expect(events[1].data).toMatchObject({ type: "table", columns: expect.arrayContaining(["name"]) });
    expect(kinds.slice(2, -1).every((k) => k === "text")).toBe(true);
    expect(kinds.at(-1)).toBe("done");
    const deltas = events.filter((e) => e.event === "text").map((e) => (e.data as { delta: string }).delta);
    expect(deltas.join("")).toBe("You have **1** device.");
    expect(events.at(-1)!.data).toEqual({ answer: "You have **1** device." });
    // The tool ran as member A: the model saw A's one device.
    expect(toolResults(model!.requests[1])[0]).toContain("A phone");
  });

  it("answers one JSON object without Accept: text/event-stream; malformed history is dropped", async () => {
    const handler = await handlerWith(() => ({ text: "Hello from BusyBro." }));
    const response = await handler(
      ask(
        {
          question: "say hello",
          history: [{ role: "user", text: "earlier" }, { role: "robot", text: "x" }, "junk", { role: "assistant" }],
          context: "Viewing: Devices (/devices)",
        },
        await tokenFor(memberA),
      ),
    );
    expect(await response.json()).toEqual({ answer: "Hello from BusyBro." });
    const sent = model!.requests[0].messages;
    expect(sent.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["earlier", "say hello"]);
    expect(String(sent[0].content)).toContain("Viewing: Devices (/devices)");
  });

  it("a member's BusyBro never sees another member's captures", async () => {
    const handler = await handlerWith((_request, call) =>
      call === 0 ? { toolCalls: [{ name: "search_entries", arguments: { limit: 50 } }] } : { text: "done" },
    );
    await (await handler(ask({ question: "what did my devices call?" }, await tokenFor(memberA)))).json();
    const seen = toolResults(model!.requests[1]).join("\n");
    expect(seen).toContain("api.shop.example");
    expect(seen).not.toContain("b-private.example");
  });

  it("no captured secret reaches the model provider or the answer, even from a raw capture", async () => {
    // The scripted model echoes back everything it was given.
    const handler = await handlerWith((request, call) =>
      call === 0
        ? { toolCalls: [{ name: "get_capture", arguments: { entry_id: loginEntry } }] }
        : { text: `I saw: ${toolResults(request).join(" ")}` },
    );
    const response = await handler(ask({ question: "explain this login" }, await tokenFor(memberA), true));
    const raw = await response.text();
    const sentToModel = JSON.stringify(model!.requests);
    for (const secret of [JWT, SESSION, PASSWORD]) {
      expect(sentToModel).not.toContain(secret);
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain("{{");
    expect(raw).toContain("auth.shop.example/v1/login");
  });

  it("explains a login flow with a runnable repro artifact that holds no captured secret", async () => {
    const handler = await handlerWith((request, call) =>
      call === 0
        ? { toolCalls: [{ name: "build_repro", arguments: { entry_ids: flow } }] }
        : { text: `The app signs in with an OAuth password grant. ${toolResults(request).join(" ")}` },
    );
    const response = await handler(
      ask({ question: "explain the login flow of this app" }, await tokenFor(memberA), true),
    );
    const raw = await response.text();
    const artifact = parseSse(raw).find((e) => e.event === "artifact")?.data as {
      type: string;
      files: { name: string; content: string }[];
      run: string;
    };
    expect(artifact.type).toBe("repro");
    expect(artifact.run).toBe("node repro.mjs");
    // The artifact is the program build_repro makes, runnable as it is.
    const direct = (await runOperation(
      db.pool,
      findOperation("build_repro")!,
      { entry_ids: flow },
      callerOf(memberA),
    )) as {
      files: { name: string; content: string }[];
    };
    expect(artifact.files).toEqual(direct.files);
    const sentToModel = JSON.stringify(model!.requests);
    for (const secret of flowSecrets) {
      expect(raw).not.toContain(secret);
      expect(sentToModel).not.toContain(secret);
    }
  });

  it("web search is offered only when configured, and its results come back numbered for citation", async () => {
    const plain = await handlerWith(() => ({ text: "ok" }));
    await (await plain(ask({ question: "hi" }, await tokenFor(memberA)))).json();
    expect(toolNames(model!)).not.toContain("web_search");
    await model!.close();

    const search = await startSearch();
    try {
      const handler = await handlerWith(
        (request, call) =>
          call === 0
            ? { toolCalls: [{ name: "web_search", arguments: { query: "oauth password grant" } }] }
            : { text: toolResults(request).join(" ") },
        15_000,
        search.url,
      );
      const { answer } = await (
        await handler(ask({ question: "what is the password grant?" }, await tokenFor(memberA)))
      ).json();
      expect(search.queries).toEqual(["oauth password grant"]);
      expect(answer).toContain('"n":1');
      expect(answer).toContain("https://oauth.net/2/grant-types/password/");
      expect(answer).not.toContain("javascript:");
    } finally {
      await search.close();
    }
  });

  it("a read-only token gets no write tool; nobody gets deletions, role changes or global settings", async () => {
    const handler = await handlerWith(() => ({ text: "ok" }));
    await (await handler(ask({ question: "hi" }, await tokenFor(admin, "busymate:read")))).json();
    const readOnly = toolNames(model!);
    expect(readOnly).toContain("list_devices");
    expect(readOnly).not.toContain("update_device");
    expect(readOnly).not.toContain("tag_entry");
    await model!.close();

    const writer = await handlerWith(() => ({ text: "ok" }));
    await (await writer(ask({ question: "hi" }, await tokenFor(admin)))).json();
    const names = toolNames(model!);
    expect(names).toContain("update_device");
    expect(names).toContain("run_task");
    for (const never of [
      "delete_device",
      "delete_tag",
      "create_role",
      "update_role",
      "delete_role",
      "assign_role",
      "update_global_settings",
    ])
      expect(names).not.toContain(never);
  });

  it("writes only to the asker's own devices, even for a fleet admin", async () => {
    const handler = await handlerWith((_request, call) =>
      call === 0
        ? { toolCalls: [{ name: "update_device", arguments: { device_uuid: phoneA, name: "Renamed by BusyBro" } }] }
        : { text: "tried" },
    );
    await (await handler(ask({ question: "rename A's phone" }, await tokenFor(admin)))).json();
    expect(toolResults(model!.requests[1])[0]).toContain("FORBIDDEN");
    const { rows } = await db.owner.query("SELECT name FROM public.devices WHERE uuid = $1", [phoneA]);
    expect(rows[0].name).toBe("A phone");
  });

  it("run_task reaches the specialist with its own instructions and returns its answer", async () => {
    const handler = await handlerWith((request, call) => {
      if (call === 0)
        return { toolCalls: [{ name: "run_task", arguments: { agent: "auth-expert", task: "Explain the login." } }] };
      if (String(request.messages[0].content).includes("SPECIALIST-MARKER"))
        return { text: "Specialist: it posts a password." };
      return { text: `Summary: ${toolResults(request).join(" ")}` };
    });
    const { answer } = await (await handler(ask({ question: "how do I sign in?" }, await tokenFor(memberA)))).json();
    const specialist = model!.requests.find((r) => String(r.messages[0].content).includes("SPECIALIST-MARKER"));
    expect(specialist?.messages.at(-1)?.content).toBe("Explain the login.");
    expect(answer).toContain("Specialist: it posts a password.");
  });

  it("a question naming a service group's host is led by that group's primary agent", async () => {
    const handler = await handlerWith(() => ({ text: "led" }));
    await (await handler(ask({ question: "what does login.auth.shop.example do?" }, await tokenFor(memberA)))).json();
    expect(String(model!.requests[0].messages[0].content)).toContain("SPECIALIST-MARKER");
    expect(String(lastMessage(model!.requests[0]).content)).toBe("what does login.auth.shop.example do?");
  });

  it("sends : ping frames while the answer is slow, and stops the model when the client aborts", async () => {
    const pinging = await handlerWith(() => ({ text: "slow but sure", firstTokenMs: 400 }), 50);
    const slow = await (await pinging(ask({ question: "take your time" }, await tokenFor(memberA), true))).text();
    expect(slow).toContain(": ping\n\n");
    expect(parseSse(slow).at(-1)).toEqual({ event: "done", data: { answer: "slow but sure" } });
    await model!.close();

    const long = await handlerWith(() => ({ text: "word ".repeat(200), chunks: 200, delayMs: 20 }));
    const abort = new AbortController();
    const response = await long(ask({ question: "go on" }, await tokenFor(memberA), true, abort.signal));
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain("event: text");
    await reader.cancel();
    await expect.poll(() => model!.aborted, { timeout: 5000 }).toBe(1);
    expect(model!.requests).toHaveLength(1);
  });
});
