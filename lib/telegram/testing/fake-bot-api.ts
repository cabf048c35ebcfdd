import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A fake Telegram Bot API on loopback, speaking its wire format: `POST /bot<token>/<method>`
 * with a JSON or multipart/form-data body, answered `{ ok: true, result }` (or `{ ok: false,
 * error_code, description }`). grammY's `apiRoot` points at it; every call is recorded so a test
 * reads what the bot sent, documents included. `GET /calls` (not part of the Bot API) hands the
 * record to a test in another process, as end-to-end specs are.
 */

export interface RecordedCall {
  method: string;
  /** JSON fields as sent; for multipart, text fields parsed as JSON when they are JSON (as Telegram does). */
  params: Record<string, unknown>;
  /** Files of a multipart call, by field name. */
  files: Record<string, { name: string; content: string }>;
}

export interface FakeBotApi {
  apiRoot: string;
  token: string;
  bot: { id: number; username: string };
  calls: RecordedCall[];
  /** Calls of one method, in order. */
  sent(method: string): RecordedCall[];
  clear(): void;
  close(): Promise<void>;
}

const BOT = { id: 7_000_000_001, is_bot: true, first_name: "Busymate", username: "busymate_test_bot" };

function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function startFakeBotApi(token: string): Promise<FakeBotApi> {
  const calls: RecordedCall[] = [];
  let messageId = 100;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.method === "GET" && req.url === "/calls") return reply(200, calls);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? "");
    if (!match || req.method !== "POST") return reply(404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== token) return reply(401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = match[2];
    const type = req.headers["content-type"] ?? "";
    const call: RecordedCall = { method, params: {}, files: {} };
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(body, { headers: { "content-type": type } }).formData();
      for (const [key, value] of form.entries()) {
        if (typeof value === "string") call.params[key] = parseField(value);
        else call.files[key] = { name: value.name, content: await value.text() };
      }
    } else if (body.length > 0) {
      call.params = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    }
    calls.push(call);
    const date = Math.floor(Date.now() / 1000);
    const chat = { id: Number(call.params.chat_id ?? 0), type: "private" };
    switch (method) {
      case "getMe":
        return reply(200, { ok: true, result: { ...BOT, can_join_groups: true, can_read_all_group_messages: false } });
      case "sendMessage":
        if (typeof call.params.text !== "string" || call.params.text.length > 4096)
          return reply(400, { ok: false, error_code: 400, description: "Bad Request: message is too long" });
        return reply(200, { ok: true, result: { message_id: ++messageId, date, chat, text: call.params.text } });
      case "sendDocument": {
        const file = Object.values(call.files)[0];
        return reply(200, {
          ok: true,
          result: {
            message_id: ++messageId,
            date,
            chat,
            document: { file_id: `f${messageId}`, file_name: file?.name },
          },
        });
      }
      case "editMessageText":
      case "editMessageReplyMarkup":
        return reply(200, { ok: true, result: { message_id: Number(call.params.message_id), date, chat, text: "" } });
      case "sendChatAction":
      case "answerCallbackQuery":
      case "setWebhook":
        return reply(200, { ok: true, result: true });
      default:
        return reply(404, { ok: false, error_code: 404, description: "Not Found: method not found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    bot: { id: BOT.id, username: BOT.username },
    calls,
    sent: (method) => calls.filter((call) => call.method === method),
    clear: () => void calls.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
