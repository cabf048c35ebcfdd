import { REQUEST_BODIES, RESPONSE_BODIES, WORDS, errorBody, type BodyContext } from "./bodies";
import { requestHeaders, responseHeaders } from "./headers";
import { HOSTS, type Host, type Route } from "./hosts";
import { certificate, serverIp, timings, tls, transportError, type TransportError } from "./network";
import { createSession, rotateTokens, type Session } from "./session";
import { STATUS_TEXT, statusFor } from "./status";
import { hex, integer, pick, seededRandom, token, uuid, weighted, type Random } from "./random";
import type { Body, TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * Deterministic, realistic captures for the demo seed and benchmarks: the same options give
 * the same sequence. Each device behaves like one person on one client (see
 * generator-session.ts); hosts, methods, statuses, headers, bodies, TLS and timings follow
 * what a shopping app, its website and the usual SDKs produce.
 */

export interface GeneratorOptions {
  seed: number;
  devices: readonly { uuid: string; source: TrafficLogEntry["source"] }[];
  start: Date;
  end: Date;
  /**
   * How many entries will be drawn, so they spread over the whole range. Entries drawn
   * beyond it share the range's last millisecond, keeping the order. Defaults to 10,000.
   */
  count?: number;
}

export interface GeneratedEntry {
  deviceUuid: string;
  ts: Date;
  payload: TrafficLogEntry;
}

export interface EntryGenerator {
  next(): GeneratedEntry;
}

const DEFAULT_COUNT = 10_000;
const FAILURE_RATE = 0.01;
/** Clients drop idle connections after about a minute. */
const CONNECTION_IDLE_MS = 60_000;
const DAY = 86_400_000;

const pickHost = weighted(HOSTS.map((host) => [host, host.weight] as const));
const routePickers = new Map(
  HOSTS.map((host) => [host, weighted(host.routes.map((route) => [route, route.weight] as const))]),
);

function fill(template: string, random: Random, productId: number): string {
  if (!template.includes("{")) return template;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case "id":
        return String(productId);
      case "n":
        return String(integer(random, 1, 40));
      case "word":
        return pick(random, WORDS);
      case "hex":
        return hex(random, 8);
      case "uuid":
        return uuid(random);
      default:
        return token(random, 24);
    }
  });
}

function location(random: Random, host: Host, path: string, status: number): string | undefined {
  if (status !== 301 && status !== 302) return undefined;
  if (host.host === "accounts.google.com")
    return `com.acme.shop:/oauth2redirect?code=4%2F0A${token(random, 40)}&scope=openid%20email%20profile`;
  if (path === "/checkout") return `https://www.acme-shop.com/orders/ord_${token(random, 12)}/confirmation`;
  if (status === 301) return `https://${host.host}${path}/`;
  return `https://${host.host}/login?next=${encodeURIComponent(path)}`;
}

function setCookie(random: Random, host: Host, route: Route, session: Session, ts: Date, status: number) {
  if (status >= 400) return undefined;
  if (route.response === "token" && host.host === "auth.acme-shop.com") {
    return {
      name: "refresh_token",
      value: session.refreshToken,
      path: "/v2/auth",
      domain: "auth.acme-shop.com",
      expires: new Date(ts.getTime() + 30 * DAY).toISOString(),
      httpOnly: true,
      secure: true,
      sameSite: "Strict",
    };
  }
  if (host.kind === "web" && host.host.endsWith("acme-shop.com") && random() < 0.15) {
    return {
      name: "session",
      value: session.sessionCookie,
      path: "/",
      domain: ".acme-shop.com",
      expires: new Date(ts.getTime() + 14 * DAY).toISOString(),
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    };
  }
  return undefined;
}

function responseBody(context: BodyContext, host: Host, route: Route, status: number): Body | undefined {
  if (status === 204 || status === 304 || status === 301 || status === 302 || route.method === "OPTIONS")
    return undefined;
  if (status >= 400)
    return errorBody(context.random, status, STATUS_TEXT[status], host.kind === "web" || host.kind === "static");
  return route.response ? RESPONSE_BODIES[route.response](context) : undefined;
}

const COMPRESSIBLE = /json|text|javascript|xml|css/;

/** What a failed exchange recorded: the phases up to the failure, and TLS only once it started. */
function failedTimings(failure: TransportError, normal: NonNullable<TrafficLogEntry["timings"]>) {
  const none = { send: 0, wait: 0, receive: 0 };
  switch (failure.stage) {
    case "dns":
      return { blocked: normal.blocked, dns: failure.elapsed, connect: -1, ssl: -1, ...none };
    case "connect":
      return { blocked: normal.blocked, dns: normal.dns, connect: failure.elapsed, ssl: -1, ...none };
    case "tls":
      return {
        blocked: normal.blocked,
        dns: normal.dns,
        connect: failure.elapsed,
        ssl: Math.round(failure.elapsed * 700) / 1000,
        ...none,
      };
    case "reset":
    case "timeout":
      return { ...normal, wait: failure.elapsed, receive: 0 };
  }
}

const sumTimings = (t: NonNullable<TrafficLogEntry["timings"]>) =>
  Math.round(
    [t.blocked, t.dns, t.connect, t.send, t.wait, t.receive].reduce<number>(
      (sum, phase) => sum + Math.max(phase ?? 0, 0),
      0,
    ) * 1000,
  ) / 1000;

export function createEntryGenerator(options: GeneratorOptions): EntryGenerator {
  if (options.devices.length === 0) throw new Error("createEntryGenerator needs at least one device");
  const random = seededRandom(options.seed);
  const startMs = options.start.getTime();
  const span = Math.max(options.end.getTime() - startMs, 0);
  const slot = span / Math.max(options.count ?? DEFAULT_COUNT, 1);
  const sessions = new Map<string, Session>();
  const certificates = new Map<Host, ReturnType<typeof certificate>>();
  let index = 0;
  let nextConnectionId = 1000 + integer(random, 0, 50_000);

  return {
    next(): GeneratedEntry {
      const deviceIndex = Math.floor(random() * options.devices.length);
      const device = options.devices[deviceIndex];
      // One slot per entry, jittered inside it, so times rise yet look irregular.
      const offset = Math.min(Math.floor(index * slot + random() * slot * 0.9), Math.max(span - 1, 0));
      const ts = new Date(startMs + offset);
      index++;

      let session = sessions.get(device.uuid);
      if (!session) {
        session = createSession(random, device.source, deviceIndex, ts);
        sessions.set(device.uuid, session);
      }
      const host = pickHost(random);
      const route = routePickers.get(host)!(random);
      const productId = integer(random, 1, 90_000);
      const path = fill(route.path, random, productId);
      const query = route.query?.map(([name, value]) => ({ name, value: fill(value, random, productId) }));
      const search = query
        ? `?${query.map((param) => `${encodeURIComponent(param.name)}=${encodeURIComponent(param.value)}`).join("&")}`
        : "";
      const secure = !host.insecure;
      const url = `${secure ? "https" : "http"}://${host.host}${path}${search}`;
      const chrome = session.source === "cdp";
      const alpn = host.http1 ? "http/1.1" : chrome && host.network === "google" ? "h3" : "h2";
      const h2 = alpn !== "http/1.1";
      const httpVersion = chrome ? alpn : h2 ? "HTTP/2.0" : "HTTP/1.1";
      const web = host.kind === "web";

      const lastConnection = session.connections.get(host.host);
      const reuse =
        lastConnection !== undefined &&
        ts.getTime() - lastConnection.lastUsed <= CONNECTION_IDLE_MS &&
        random() >= 0.03;
      const newConnection = !reuse;
      const connection = reuse
        ? { ...lastConnection, lastUsed: ts.getTime() }
        : { id: String(nextConnectionId++), port: integer(random, 49_152, 65_535), lastUsed: ts.getTime() };
      session.connections.set(host.host, connection);

      const context: BodyContext = { random, ts, session, productId };
      const requestBody = route.request ? REQUEST_BODIES[route.request](context) : undefined;
      const requestId = host.host.endsWith("acme-shop.com") && host.kind === "api" ? uuid(random) : undefined;
      const sent = requestHeaders({
        random,
        host,
        method: route.method,
        pathAndQuery: path + search,
        session,
        userAgent: web ? session.webUserAgent : session.appUserAgent,
        h2,
        pseudoHeaders: chrome,
        body: requestBody,
        requestId,
      });
      const ip = serverIp(host.host, host.network);

      // Optional fields are assigned, not spread in: conditional spreads are slow in V8.
      const request: TrafficLogEntry["request"] = {
        method: route.method,
        url,
        httpVersion,
        headers: sent.headers,
        headersSize: sent.headersSize,
        bodySize: requestBody?.size ?? 0,
      };
      if (query) request.queryString = query;
      if (sent.cookies.length > 0) request.cookies = sent.cookies;
      if (requestBody) request.body = requestBody;
      const client = Object.assign({}, web ? session.webClient : session.client);
      client.port = connection.port;
      const payload: TrafficLogEntry = {
        id: uuid(random),
        startedAt: ts.toISOString(),
        source: device.source,
        request,
        client,
        connection: connection.id,
      };

      let cert = certificates.get(host);
      if (secure && newConnection && !cert) {
        cert = certificate(host.host, host.network, options.start);
        certificates.set(host, cert);
      }
      const handshake = secure ? tls(random, host.host, alpn, newConnection ? cert : undefined) : undefined;

      if (random() < FAILURE_RATE) {
        const failure = transportError(random, host.host, ip, secure);
        // A failure before the handshake finished means the connection was being opened.
        const connecting = failure.stage === "dns" || failure.stage === "connect" || failure.stage === "tls";
        if (connecting) session.connections.delete(host.host);
        const normal = timings(random, {
          newConnection: newConnection || connecting,
          secure,
          latency: host.latency,
          requestBytes: requestBody?.size ?? 0,
          responseBytes: 0,
        }).timings;
        payload.timings = failedTimings(failure, normal);
        payload.durationMs = sumTimings(payload.timings);
        payload.error = failure.error;
        if (failure.stage !== "dns") payload.serverIp = ip;
        if (handshake && failure.stage === "tls") payload.tls = { version: handshake.version, serverName: host.host };
        else if (handshake && failure.stage !== "dns" && failure.stage !== "connect") payload.tls = handshake;
        return { deviceUuid: device.uuid, ts, payload };
      }

      const status = route.status ?? statusFor(random, route.method, host.kind);
      if (route.response === "token" && status < 300) rotateTokens(random, session, ts);
      const body = responseBody(context, host, route, status);
      const compressed = body !== undefined && body.size > 1024 && COMPRESSIBLE.test(body.mimeType ?? "");
      const transferSize =
        body === undefined ? 0 : compressed ? Math.round(body.size * (0.22 + random() * 0.12)) : body.size;
      const contentEncoding = compressed ? (h2 ? "br" : "gzip") : undefined;
      const redirect = location(random, host, path, status);
      const received = responseHeaders({
        random,
        host,
        method: route.method,
        status,
        statusText: STATUS_TEXT[status],
        ts,
        h2,
        body,
        transferSize,
        contentEncoding,
        location: redirect,
        setCookie: setCookie(random, host, route, session, ts, status),
        requestId,
      });
      const response: NonNullable<TrafficLogEntry["response"]> = {
        status,
        statusText: STATUS_TEXT[status],
        httpVersion,
        headers: received.headers,
        headersSize: received.headersSize,
        bodySize: transferSize,
      };
      if (received.cookies.length > 0) response.cookies = received.cookies;
      if (redirect) response.redirectURL = redirect;
      if (body) response.body = compressed ? { ...body, compression: body.size - transferSize } : body;
      payload.response = response;
      const measured = timings(random, {
        newConnection,
        secure,
        latency: host.latency,
        requestBytes: requestBody?.size ?? 0,
        responseBytes: transferSize,
      });
      payload.timings = measured.timings;
      payload.durationMs = measured.total;
      payload.serverIp = ip;
      if (handshake) payload.tls = handshake;
      return { deviceUuid: device.uuid, ts, payload };
    },
  };
}
