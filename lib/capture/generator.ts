import type { TrafficLogEntry } from "./traffic-log-entry";

/**
 * Deterministic, realistic captures for the demo seed and benchmarks: the same seed gives
 * the same sequence. Hosts, methods, statuses, headers and JSON bodies follow the mix a
 * phone running a shopping app and the usual SDKs produces.
 */

/** mulberry32: tiny, fast and good enough for test data; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1][0];
}

interface Endpoint {
  host: string;
  paths: readonly string[];
  methods: readonly (readonly [string, number])[];
  kind: "api" | "auth" | "telemetry" | "static" | "graphql";
}

const ENDPOINTS: readonly (readonly [Endpoint, number])[] = [
  [{ host: "api.acme-shop.com", paths: ["/v1/products", "/v1/products/{id}", "/v1/cart", "/v1/cart/items", "/v1/orders", "/v1/orders/{id}", "/v1/search?q={word}", "/v1/recommendations"], methods: [["GET", 70], ["POST", 20], ["PUT", 4], ["PATCH", 3], ["DELETE", 3]], kind: "api" }, 30],
  [{ host: "auth.acme-shop.com", paths: ["/v2/auth/login", "/v2/auth/refresh", "/v2/auth/logout", "/v2/auth/me"], methods: [["POST", 75], ["GET", 25]], kind: "auth" }, 6],
  [{ host: "api.stripe.com", paths: ["/v1/payment_intents", "/v1/payment_intents/{id}/confirm", "/v1/customers/{id}", "/v1/payment_methods"], methods: [["POST", 60], ["GET", 40]], kind: "api" }, 5],
  [{ host: "api.github.com", paths: ["/repos/acme/shop-ios/releases/latest", "/user", "/rate_limit"], methods: [["GET", 100]], kind: "api" }, 2],
  [{ host: "graph.facebook.com", paths: ["/v19.0/me", "/v19.0/app/activities"], methods: [["GET", 40], ["POST", 60]], kind: "telemetry" }, 4],
  [{ host: "firebaseinstallations.googleapis.com", paths: ["/v1/projects/acme-shop/installations"], methods: [["POST", 100]], kind: "telemetry" }, 2],
  [{ host: "app-measurement.com", paths: ["/a", "/config/app/1:1234567890:ios:abcdef"], methods: [["POST", 70], ["GET", 30]], kind: "telemetry" }, 8],
  [{ host: "api.segment.io", paths: ["/v1/batch", "/v1/track", "/v1/identify"], methods: [["POST", 100]], kind: "telemetry" }, 6],
  [{ host: "o123456.ingest.sentry.io", paths: ["/api/4504/envelope/"], methods: [["POST", 100]], kind: "telemetry" }, 3],
  [{ host: "cdn.jsdelivr.net", paths: ["/npm/swiper@11/swiper-bundle.min.js", "/npm/@fontsource/inter@5/index.css"], methods: [["GET", 100]], kind: "static" }, 4],
  [{ host: "images.acme-shop.com", paths: ["/p/{id}/800.webp", "/p/{id}/320.webp", "/banners/{word}.jpg"], methods: [["GET", 100]], kind: "static" }, 12],
  [{ host: "api.openai.com", paths: ["/v1/chat/completions", "/v1/embeddings"], methods: [["POST", 100]], kind: "api" }, 2],
  [{ host: "login.microsoftonline.com", paths: ["/common/oauth2/v2.0/token", "/common/discovery/instance"], methods: [["POST", 60], ["GET", 40]], kind: "auth" }, 2],
  [{ host: "oauth2.googleapis.com", paths: ["/token", "/tokeninfo"], methods: [["POST", 80], ["GET", 20]], kind: "auth" }, 2],
  [{ host: "api.acme-shop.com", paths: ["/graphql"], methods: [["POST", 100]], kind: "graphql" }, 6],
  [{ host: "config.acme-shop.com", paths: ["/mobile/ios/flags.json", "/mobile/ios/remote-config"], methods: [["GET", 100]], kind: "api" }, 3],
  [{ host: "maps.googleapis.com", paths: ["/maps/api/geocode/json?latlng={id}"], methods: [["GET", 100]], kind: "api" }, 2],
  [{ host: "api.mixpanel.com", paths: ["/track", "/engage"], methods: [["POST", 100]], kind: "telemetry" }, 3],
];

const STATUSES: readonly (readonly [number, number])[] = [
  [200, 780], [201, 40], [204, 40], [301, 5], [302, 10], [304, 40], [400, 12], [401, 15], [403, 5],
  [404, 20], [409, 3], [422, 5], [429, 4], [500, 3], [502, 2], [503, 2],
];
const STATUS_TEXT: Record<number, string> = {
  200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified",
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
  422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
};
const WORDS = ["sneakers", "jacket", "coffee", "lamp", "headphones", "backpack", "summer-sale", "gift", "books", "camera"];
const USER_AGENTS = [
  "AcmeShop/4.12.0 (com.acme.shop; build:4120; iOS 26.1.0) Alamofire/5.9.1",
  "AcmeShop/4.12.0 CFNetwork/3826.500.111 Darwin/25.1.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 26_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
];
const ERRORS = [
  { code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND" },
  { code: "ETIMEDOUT", message: "The request timed out." },
  { code: "TLS_HANDSHAKE_FAILED", message: "SSL handshake failed: certificate pinning rejected the proxy certificate" },
  { code: "ECONNRESET", message: "The network connection was lost." },
];

const hex = (random: Random, length: number) => {
  let out = "";
  for (let i = 0; i < length; i++) out += "0123456789abcdef"[Math.floor(random() * 16)];
  return out;
};
const fakeJwt = (random: Random) => `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${hex(random, 48)}.${hex(random, 43)}`;

function jsonBody(value: unknown) {
  const content = JSON.stringify(value);
  return { encoding: "text" as const, content, size: Buffer.byteLength(content), mimeType: "application/json", truncated: false };
}

function requestBody(random: Random, endpoint: Endpoint, path: string, method: string, ts: Date) {
  if (method === "GET" || method === "DELETE") return undefined;
  if (path.startsWith("/v2/auth/login")) return jsonBody({ email: `shopper${Math.floor(random() * 900 + 100)}@example.com`, password: "hunter2-" + hex(random, 6), device: "iPhone17,1" });
  if (path.startsWith("/v2/auth/refresh")) return jsonBody({ refresh_token: hex(random, 40) });
  if (endpoint.kind === "graphql") return jsonBody({ operationName: "ProductDetails", variables: { id: Math.floor(random() * 90000) }, query: "query ProductDetails($id: ID!) { product(id: $id) { id name price { amount currency } } }" });
  if (endpoint.kind === "telemetry") return jsonBody({ batch: [{ event: pick(random, ["screen_view", "add_to_cart", "purchase", "app_open"]), ts: ts.getTime() }], sentAt: ts.toISOString() });
  if (endpoint.host === "api.stripe.com") return { encoding: "text" as const, content: `amount=${Math.floor(random() * 20000)}&currency=usd&payment_method_types[]=card`, size: 60, mimeType: "application/x-www-form-urlencoded", truncated: false };
  return jsonBody({ productId: Math.floor(random() * 90000), quantity: Math.floor(random() * 3) + 1 });
}

function responseBody(random: Random, endpoint: Endpoint, path: string, status: number) {
  if (status === 204 || status === 304 || (status >= 300 && status < 400)) return undefined;
  if (status >= 400) return jsonBody({ error: { code: STATUS_TEXT[status].toLowerCase().replaceAll(" ", "_"), message: STATUS_TEXT[status], request_id: hex(random, 16) } });
  if (path.startsWith("/v2/auth/login") || path.startsWith("/v2/auth/refresh") || endpoint.kind === "auth") {
    return jsonBody({ access_token: fakeJwt(random), refresh_token: hex(random, 40), token_type: "Bearer", expires_in: 3600 });
  }
  if (endpoint.kind === "static") {
    const size = Math.floor(random() * 180_000) + 2_000;
    return { encoding: "base64" as const, content: Buffer.from(hex(random, 24)).toString("base64"), size, mimeType: path.endsWith(".js") ? "application/javascript" : "image/webp", truncated: true };
  }
  if (path.startsWith("/v1/products")) {
    return jsonBody({ items: Array.from({ length: 3 }, () => ({ id: Math.floor(random() * 90000), name: `${pick(random, WORDS)} ${hex(random, 3)}`, price: { amount: Math.floor(random() * 20000) / 100, currency: "USD" } })), next_cursor: hex(random, 12) });
  }
  if (path.startsWith("/v1/cart")) return jsonBody({ id: `cart_${hex(random, 10)}`, items: [{ productId: Math.floor(random() * 90000), quantity: 1 }], total: { amount: Math.floor(random() * 20000) / 100, currency: "USD" } });
  return jsonBody({ ok: true, id: hex(random, 12) });
}

export interface GeneratorOptions {
  seed: number;
  devices: { uuid: string; source: TrafficLogEntry["source"] }[];
  start: Date;
  end: Date;
  /** How many entries the sequence spreads over [start, end]. */
  count: number;
}

export interface GeneratedEntry {
  deviceUuid: string;
  ts: Date;
  payload: TrafficLogEntry;
}

export function createEntryGenerator(options: GeneratorOptions) {
  const random = seededRandom(options.seed);
  const span = options.end.getTime() - options.start.getTime();
  const step = span / Math.max(options.count, 1);
  let index = 0;

  return {
    next(): GeneratedEntry {
      const device = options.devices[Math.floor(random() * options.devices.length)];
      const ts = new Date(options.start.getTime() + Math.floor(index * step + random() * step * 0.9));
      index++;
      const endpoint = weighted(random, ENDPOINTS);
      const path = pick(random, endpoint.paths).replace("{id}", String(Math.floor(random() * 90000))).replace("{word}", pick(random, WORDS));
      const method = weighted(random, endpoint.methods);
      const url = `https://${endpoint.host}${path}`;
      const failed = random() < 0.01;
      const status = weighted(random, STATUSES);
      const wait = Math.round(random() * random() * 900 + 8);
      const headers = [
        { name: "host", value: endpoint.host },
        { name: "user-agent", value: pick(random, USER_AGENTS) },
        { name: "accept", value: endpoint.kind === "static" ? "image/webp,*/*" : "application/json" },
        { name: "accept-encoding", value: "gzip, deflate, br" },
        { name: "x-request-id", value: hex(random, 32) },
        ...(endpoint.kind === "api" || endpoint.kind === "graphql" ? [{ name: "authorization", value: `Bearer ${fakeJwt(random)}` }] : []),
      ];
      const body = requestBody(random, endpoint, path, method, ts);
      if (body) headers.push({ name: "content-type", value: body.mimeType ?? "application/octet-stream" });
      const payload: TrafficLogEntry = {
        startedAt: ts.toISOString(),
        source: device.source,
        request: { method, url, httpVersion: "HTTP/2.0", headers, ...(body ? { body, bodySize: body.size } : {}) },
        timings: { dns: random() < 0.2 ? Math.round(random() * 30) : -1, connect: -1, ssl: -1, send: 1, wait, receive: Math.round(random() * 40) },
        durationMs: wait + 12,
        tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", serverName: endpoint.host, alpn: "h2" },
        client: { processName: "AcmeShop", bundleId: "com.acme.shop" },
        serverIp: `${Math.floor(random() * 200) + 20}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`,
      };
      if (failed) {
        payload.error = pick(random, ERRORS);
      } else {
        const content = responseBody(random, endpoint, path, status);
        payload.response = {
          status,
          statusText: STATUS_TEXT[status],
          httpVersion: "HTTP/2.0",
          headers: [
            { name: "date", value: ts.toUTCString() },
            { name: "server", value: pick(random, ["cloudflare", "nginx", "envoy", "AmazonS3"]) },
            { name: "cache-control", value: endpoint.kind === "static" ? "public, max-age=31536000, immutable" : "no-store" },
            ...(content ? [{ name: "content-type", value: content.mimeType }, { name: "content-length", value: String(content.size) }] : []),
            ...(endpoint.kind === "auth" && status < 300 ? [{ name: "set-cookie", value: `session=${hex(random, 32)}; Path=/; Secure; HttpOnly; SameSite=Lax` }] : []),
          ],
          ...(content ? { body: content, bodySize: content.size } : {}),
        };
      }
      return { deviceUuid: device.uuid, ts, payload };
    },
  };
}
