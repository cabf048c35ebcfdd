import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, header, readBody, sendJson } from "../http";
import { upstreamToken } from "../keys";
import { writePolicies } from "./authorization";
import type { RealtimeHub } from "./hub";
import { FanoutMessage } from "./protocol/outgoing";
import { checkToken, type RealtimeClaims } from "./tokens";
import { topicKey } from "./topics";

/** Realtime's default limit on a broadcast payload (tenant `max_payload_size_in_kb`). */
const MAX_BODY_BYTES = 3_000 * 1024;

interface Outgoing {
  topic: string;
  event: string;
  isPrivate: boolean;
  payload: { kind: "json"; value: unknown } | { kind: "binary"; data: Buffer };
}

const unauthorized = (res: ServerResponse) => sendJson(res, 401, { message: "Unauthorized" });

/** The caller's claims: the token the gateway would pass (Authorization, else the apikey). */
async function authenticate(hub: RealtimeHub, req: IncomingMessage): Promise<RealtimeClaims | undefined> {
  const { token } = upstreamToken(hub.keys, req.headers);
  if (!token) return undefined;
  const check = await checkToken(hub.keys, token);
  return check.ok ? check.claims : undefined;
}

/**
 * Sends each message to its topic. Private messages go out only where the caller may write
 * (the RLS insert probe, once per topic), and are otherwise dropped without an error, as
 * Realtime's BatchBroadcast does.
 */
async function send(hub: RealtimeHub, claims: RealtimeClaims, messages: Outgoing[]): Promise<void> {
  const allowed = new Map<string, Promise<boolean>>();
  for (const message of messages) {
    if (message.isPrivate) {
      let permitted = allowed.get(message.topic);
      if (!permitted) {
        permitted = writePolicies(hub.pool, claims, message.topic, hub.log).then((policies) => policies.broadcast);
        allowed.set(message.topic, permitted);
      }
      if (!(await permitted)) continue;
    }
    const frameTopic = `realtime:${message.topic}`;
    const fanout =
      message.payload.kind === "json"
        ? FanoutMessage.json(frameTopic, "broadcast", {
            type: "broadcast",
            event: message.event,
            payload: message.payload.value,
          })
        : FanoutMessage.userBroadcast(frameTopic, {
            userEvent: message.event,
            encoding: "binary",
            data: message.payload.data,
            metadata: "",
          });
    hub.topics.broadcast(topicKey(message.topic, message.isPrivate), fanout);
  }
}

/** `POST /api/broadcast` with `{messages: [{topic, event, payload, private?}]}` → 202. */
async function batch(hub: RealtimeHub, body: Buffer, claims: RealtimeClaims, res: ServerResponse): Promise<void> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return sendJson(res, 422, { errors: { messages: ["is invalid JSON"] } });
  }
  const list = (parsed as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(list) || list.length === 0)
    return sendJson(res, 422, { errors: { messages: ["can't be blank"] } });
  const errors = list.map((entry) => {
    const message = (entry ?? {}) as Record<string, unknown>;
    const problems: Record<string, string[]> = {};
    for (const field of ["topic", "event"])
      if (typeof message[field] !== "string" || message[field] === "") problems[field] = ["can't be blank"];
    if (!message.payload || typeof message.payload !== "object" || Array.isArray(message.payload))
      problems.payload = ["can't be blank"];
    if (message.private !== undefined && typeof message.private !== "boolean") problems.private = ["is invalid"];
    return problems;
  });
  if (errors.some((problems) => Object.keys(problems).length > 0))
    return sendJson(res, 422, { errors: { messages: errors } });
  await send(
    hub,
    claims,
    list.map((entry) => {
      const message = entry as { topic: string; event: string; payload: unknown; private?: boolean };
      return {
        topic: message.topic,
        event: message.event,
        isPrivate: message.private === true,
        payload: { kind: "json", value: message.payload },
      };
    }),
  );
  res.writeHead(202).end();
}

/** `POST /api/broadcast/<topic>/events/<event>[?private=true]`, JSON or raw bytes → 202. */
async function single(
  hub: RealtimeHub,
  req: IncomingMessage,
  body: Buffer,
  claims: RealtimeClaims,
  topic: string,
  event: string,
  url: URL,
  res: ServerResponse,
) {
  const type = (header(req, "content-type") ?? "application/json").split(";")[0].trim().toLowerCase();
  let payload: Outgoing["payload"];
  if (type === "application/octet-stream") payload = { kind: "binary", data: body };
  else if (type === "application/json") {
    try {
      payload = { kind: "json", value: JSON.parse(body.toString("utf8")) };
    } catch {
      return sendJson(res, 422, { errors: { payload: ["is invalid JSON"] } });
    }
  } else
    return sendJson(res, 415, {
      message: `Unsupported content type ${type}: send application/json or application/octet-stream`,
    });
  const isPrivate = url.searchParams.get("private") === "true";
  await send(hub, claims, [{ topic, event, isPrivate, payload }]);
  res.writeHead(202).end();
}

/** Realtime's REST broadcast endpoints under /realtime/v1/api. */
export async function handleBroadcastApi(
  hub: RealtimeHub,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  url: URL,
): Promise<boolean> {
  const singleRoute = /^\/api\/broadcast\/([^/]+)\/events\/([^/]+)$/.exec(path);
  if (path !== "/api/broadcast" && !singleRoute) return false;
  if (req.method !== "POST") {
    sendJson(res, 405, { message: "Method not allowed" });
    return true;
  }
  const claims = await authenticate(hub, req);
  if (!claims) {
    unauthorized(res);
    return true;
  }
  let body: Buffer;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(res, 413, { message: "Payload too large" });
    return true;
  }
  if (singleRoute)
    await single(
      hub,
      req,
      body,
      claims,
      decodeURIComponent(singleRoute[1]),
      decodeURIComponent(singleRoute[2]),
      url,
      res,
    );
  else await batch(hub, body, claims, res);
  return true;
}
