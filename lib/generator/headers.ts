import type { Host, Method } from "./hosts";
import { networkHeaders, serverHeader } from "./network";
import type { Session } from "./session";
import { hex, pick, type Random } from "./random";
import type { Body, TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * Header lists of generated captures, in the order clients and servers send them. HTTP/2
 * names are lower case (Chrome also lists the pseudo-headers); HTTP/1.1 names are
 * Title-Case. Sizes follow HAR: bytes on the wire for HTTP/1.1, -1 for HTTP/2 (HPACK).
 */

type Header = { name: string; value: string };
type Cookie = NonNullable<TrafficLogEntry["request"]["cookies"]>[number];

const titleCase = new Map<string, string>();
function wireName(name: string, h2: boolean): string {
  if (h2 || name.startsWith(":")) return name;
  let title = titleCase.get(name);
  if (title === undefined) {
    title = name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
    titleCase.set(name, title);
  }
  return title;
}

function adder(headers: Header[], h2: boolean) {
  return function add(name: string, value: string) {
    headers.push({ name: wireName(name, h2), value });
  };
}

function headersSize(headers: readonly Header[], firstLine: string, h2: boolean): number {
  if (h2) return -1;
  let size = firstLine.length + 4;
  for (const { name, value } of headers) size += name.length + value.length + 4;
  return size;
}

const SEGMENT_BASIC = `Basic ${btoa("acmeSegmentWriteKey:")}`;
const ACCEPT_LANGUAGE = ["en-US,en;q=0.9", "de-DE,de;q=0.9,en;q=0.8", "en-GB,en;q=0.9"];

function authHeaders(host: Host, session: Session): Header[] {
  switch (host.auth) {
    case "jwt":
      return [{ name: "authorization", value: `Bearer ${session.accessToken}` }];
    case "stripe":
      return [
        { name: "authorization", value: `Bearer sk_test_51${session.installationId}` },
        { name: "stripe-version", value: "2024-06-20" },
      ];
    case "github":
      return [
        { name: "authorization", value: `Bearer ghp_${session.sessionCookie.slice(0, 36)}` },
        { name: "x-github-api-version", value: "2022-11-28" },
      ];
    case "openai":
      return [{ name: "authorization", value: `Bearer sk-proj-${session.sessionCookie}${session.installationId}` }];
    case "segment":
      return [{ name: "authorization", value: SEGMENT_BASIC }];
    case "sentry":
      return [
        {
          name: "x-sentry-auth",
          value: `Sentry sentry_version=7, sentry_client=sentry.cocoa/8.36.0, sentry_key=${session.sessionCookie.toLowerCase()}`,
        },
      ];
    case "firebase":
      return [
        { name: "x-goog-api-key", value: `AIzaSy${session.installationId}Acme0` },
        { name: "x-ios-bundle-identifier", value: "com.acme.shop" },
      ];
    case "revenuecat":
      return [{ name: "authorization", value: `Bearer appl_${session.installationId}` }];
    case "cookie":
    case undefined:
      return [];
  }
}

function requestCookies(host: Host, session: Session): Cookie[] {
  if (host.auth !== "cookie") return [];
  if (host.host.endsWith("acme-shop.com")) {
    return [
      { name: "session", value: session.sessionCookie },
      { name: "_ga", value: session.analyticsCookie },
      { name: "cart_id", value: session.cartId },
    ];
  }
  return [{ name: "NID", value: `511=${session.sessionCookie}${session.installationId}` }];
}

export interface RequestHeaderInput {
  random: Random;
  host: Host;
  method: Method;
  pathAndQuery: string;
  session: Session;
  userAgent: string;
  h2: boolean;
  /** Chrome lists HTTP/2 pseudo-headers; other capture tools do not. */
  pseudoHeaders: boolean;
  body: Body | undefined;
  requestId: string | undefined;
}

export function requestHeaders(input: RequestHeaderInput): {
  headers: Header[];
  cookies: Cookie[];
  headersSize: number;
} {
  const { random, host, h2, session, body } = input;
  const headers: Header[] = [];
  const add = adder(headers, h2);
  const scheme = host.insecure ? "http" : "https";
  if (h2 && input.pseudoHeaders) {
    add(":method", input.method);
    add(":authority", host.host);
    add(":scheme", scheme);
    add(":path", input.pathAndQuery);
  }
  if (!h2) add("host", host.host);
  if (input.method === "OPTIONS") {
    add("access-control-request-method", pick(random, ["POST", "PATCH", "DELETE"]));
    add("access-control-request-headers", "authorization,content-type");
    add("origin", "https://www.acme-shop.com");
  }
  add("user-agent", input.userAgent);
  add(
    "accept",
    host.kind === "web"
      ? "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
      : host.kind === "static"
        ? "*/*"
        : "application/json",
  );
  add("accept-language", pick(random, ACCEPT_LANGUAGE));
  add("accept-encoding", session.source === "cdp" ? "gzip, deflate, br, zstd" : "gzip, deflate, br");
  if (input.method !== "OPTIONS") for (const header of authHeaders(host, session)) add(header.name, header.value);
  const cookies = requestCookies(host, session);
  if (cookies.length > 0) add("cookie", cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; "));
  if (body) {
    add(
      "content-type",
      body.mimeType === "application/json"
        ? "application/json; charset=utf-8"
        : (body.mimeType ?? "application/octet-stream"),
    );
    add("content-length", String(body.size));
  }
  if (input.requestId) add("x-request-id", input.requestId);
  if (host.host.endsWith("acme-shop.com") && host.kind === "api") add("x-acme-app-version", "4.12.0 (4120)");
  if (session.source === "cdp" && host.kind !== "web") add("referer", "https://www.acme-shop.com/");
  const firstLine = `${input.method} ${input.pathAndQuery} HTTP/1.1`;
  return { headers, cookies, headersSize: headersSize(headers, firstLine, h2) };
}

export interface ResponseHeaderInput {
  random: Random;
  host: Host;
  method: Method;
  status: number;
  statusText: string;
  ts: Date;
  h2: boolean;
  body: Body | undefined;
  /** Bytes on the wire: smaller than the body when compressed. */
  transferSize: number;
  contentEncoding: "br" | "gzip" | undefined;
  location: string | undefined;
  setCookie: Cookie | undefined;
  requestId: string | undefined;
}

function setCookieValue(cookie: Cookie): string {
  let value = `${cookie.name}=${cookie.value}`;
  if (cookie.path) value += `; Path=${cookie.path}`;
  if (cookie.domain) value += `; Domain=${cookie.domain}`;
  if (cookie.expires) value += `; Expires=${new Date(cookie.expires).toUTCString()}`;
  if (cookie.secure) value += "; Secure";
  if (cookie.httpOnly) value += "; HttpOnly";
  if (cookie.sameSite) value += `; SameSite=${cookie.sameSite}`;
  return value;
}

export function responseHeaders(input: ResponseHeaderInput): {
  headers: Header[];
  cookies: Cookie[];
  headersSize: number;
} {
  const { random, host, status, h2, body } = input;
  const headers: Header[] = [];
  const add = adder(headers, h2);
  add("date", input.ts.toUTCString());
  if (body && body.size > 0)
    add(
      "content-type",
      body.mimeType === "application/json"
        ? "application/json; charset=utf-8"
        : (body.mimeType ?? "application/octet-stream"),
    );
  if (status !== 304) add("content-length", String(input.transferSize));
  if (input.contentEncoding) {
    add("content-encoding", input.contentEncoding);
    add("vary", "Accept-Encoding");
  }
  add("server", serverHeader(random, host.network));
  if (input.method === "OPTIONS") {
    add("access-control-allow-origin", "https://www.acme-shop.com");
    add("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    add("access-control-allow-headers", "authorization, content-type, x-request-id");
    add("access-control-max-age", "600");
  } else if (host.kind === "static") {
    add("cache-control", "public, max-age=31536000, immutable");
    add("etag", `"${hex(random, 16)}"`);
    add("age", String(Math.floor(random() * 86_400)));
  } else {
    add("cache-control", host.kind === "web" ? "private, no-cache" : "no-store");
  }
  if (input.location) add("location", input.location);
  if (status === 429 || status === 503) add("retry-after", String(1 + Math.floor(random() * 60)));
  if (input.setCookie) add("set-cookie", setCookieValue(input.setCookie));
  if (input.requestId) add("x-request-id", input.requestId);
  if (!host.insecure) add("strict-transport-security", "max-age=31536000; includeSubDomains");
  for (const header of networkHeaders(random, host.network)) add(header.name, header.value);
  const firstLine = `HTTP/1.1 ${status} ${input.statusText}`;
  return {
    headers,
    cookies: input.setCookie ? [input.setCookie] : [],
    headersSize: headersSize(headers, firstLine, h2),
  };
}
