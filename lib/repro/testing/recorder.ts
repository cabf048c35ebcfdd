import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import type { CapturedEntry } from "../types";

/**
 * A scripted client that behaves like an app (it keeps cookies, follows no redirect by
 * itself) and records each exchange as the TrafficLogEntry a device would upload.
 */

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Leave the cookie jar out of this request (a third-party call). */
  noCookies?: boolean;
}

export interface Recorded {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
  location: string | null;
}

export class Recorder {
  readonly entries: CapturedEntry[] = [];
  private readonly jar = new Map<string, string>();
  private nextId: number;

  constructor(firstId = 1000) {
    this.nextId = firstId;
  }

  async send(url: string, options: SendOptions = {}): Promise<Recorded> {
    const method = options.method ?? (options.body === undefined ? "GET" : "POST");
    const headers: Record<string, string> = {
      "User-Agent": "ScriptedApp/1.0",
      Accept: "*/*",
      ...options.headers,
    };
    if (!options.noCookies && this.jar.size) headers.Cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const startedAt = new Date().toISOString();
    const response = await fetch(url, { method, headers, body: options.body, redirect: "manual" });
    const text = await response.text();
    for (const line of response.headers.getSetCookie()) {
      const match = /^([^=;]+)=([^;]*)/.exec(line);
      if (!match) continue;
      if (match[2] === "" || /max-age=0/i.test(line)) this.jar.delete(match[1]);
      else this.jar.set(match[1], match[2]);
    }
    const responseHeaders: { name: string; value: string }[] = [];
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") responseHeaders.push({ name, value });
    });
    for (const line of response.headers.getSetCookie()) responseHeaders.push({ name: "set-cookie", value: line });
    const contentType = response.headers.get("content-type") ?? undefined;
    const location = response.headers.get("location");
    const entry: TrafficLogEntry = {
      startedAt,
      source: "proxy",
      request: {
        method,
        url,
        httpVersion: "HTTP/1.1",
        headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
        ...(options.body !== undefined
          ? {
              body: {
                encoding: "text" as const,
                content: options.body,
                size: Buffer.byteLength(options.body),
                truncated: false,
                mimeType: headers["Content-Type"],
              },
            }
          : {}),
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: "HTTP/1.1",
        headers: responseHeaders,
        ...(location ? { redirectURL: new URL(location, url).href } : {}),
        body: {
          encoding: "text",
          content: text,
          size: Buffer.byteLength(text),
          truncated: false,
          mimeType: contentType,
        },
      },
      timings: { send: 0, wait: 1, receive: 0 },
      durationMs: 1,
    };
    this.entries.push({ id: this.nextId++, entry });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON.
    }
    return { status: response.status, headers: response.headers, text, json, location };
  }

  /** The noise an app makes around a flow: an asset, analytics, feature flags, a preflight. */
  async noise(origin: string): Promise<void> {
    await this.send(`${origin}/static/app.js`);
    await this.send(`${origin}/collect`, {
      body: JSON.stringify({ event: "screen_view", client_id: "anon-1" }),
      headers: { "Content-Type": "application/json" },
    });
    await this.send(`${origin}/v1/flags`);
    await this.send(`${origin}/api/me`, {
      method: "OPTIONS",
      headers: { "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
    });
  }
}
