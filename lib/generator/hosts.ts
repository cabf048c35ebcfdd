import type { RequestBodyKind, ResponseBodyKind } from "./bodies";
import type { Network } from "./network";

/**
 * The hosts generated captures talk to: a shopping app's own API and site plus the SDKs and
 * services such an app (and its web and CLI tooling) calls. Weights are relative request
 * shares; api.acme-shop.com is kept near 30 % of traffic, which the entries benchmark relies on.
 */

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** How a request authenticates; the header is built per device (see generator-session.ts). */
export type AuthStyle =
  "jwt" | "stripe" | "github" | "openai" | "segment" | "sentry" | "firebase" | "revenuecat" | "cookie";

export interface Route {
  method: Method;
  /** `{id}` product id, `{n}` small number, `{word}`, `{hex}`, `{uuid}`, `{token}`. */
  path: string;
  query?: readonly (readonly [string, string])[];
  weight: number;
  request?: RequestBodyKind;
  response?: ResponseBodyKind;
  /** A status this route answers with unless it fails (redirecting endpoints). */
  status?: number;
}

export interface Host {
  host: string;
  weight: number;
  network: Network;
  /** Typical server think time in ms, the median of `timings.wait`. */
  latency: number;
  kind: "api" | "web" | "static" | "telemetry";
  auth?: AuthStyle;
  /** Plain http (captive portal probes still are). */
  insecure?: true;
  /** Only HTTP/1.1 is offered. */
  http1?: true;
  routes: readonly Route[];
}

const get = (path: string, weight: number, response?: ResponseBodyKind, query?: Route["query"]): Route => ({
  method: "GET",
  path,
  weight,
  response,
  query,
});
const post = (
  path: string,
  weight: number,
  request?: RequestBodyKind,
  response?: ResponseBodyKind,
  query?: Route["query"],
): Route => ({ method: "POST", path, weight, request, response, query });

export const HOSTS: readonly Host[] = [
  {
    host: "api.acme-shop.com",
    weight: 28,
    network: "acme",
    latency: 70,
    kind: "api",
    auth: "jwt",
    routes: [
      get("/v1/products", 14, "products", [
        ["category", "{word}"],
        ["page", "{n}"],
      ]),
      get("/v1/products/{id}", 18, "product"),
      get("/v1/search", 6, "products", [
        ["q", "{word}"],
        ["limit", "20"],
      ]),
      get("/v1/recommendations", 4, "products"),
      get("/v1/cart", 8, "cart"),
      post("/v1/cart/items", 5, "cartItem", "cart"),
      { method: "PATCH", path: "/v1/cart/items/{id}", weight: 5, request: "cartQuantity", response: "cart" },
      { method: "DELETE", path: "/v1/cart/items/{id}", weight: 5 },
      { method: "PUT", path: "/v1/users/me/address", weight: 2, request: "address", response: "address" },
      { method: "PUT", path: "/v1/users/me/preferences", weight: 2, request: "preferences", response: "preferences" },
      { method: "DELETE", path: "/v1/wishlist/{id}", weight: 1 },
      get("/v1/users/me", 3, "user"),
      get("/v1/orders", 3, "orders"),
      get("/v1/orders/{id}", 2, "order"),
      post("/v1/orders", 2, "orderCreate", "order"),
      post("/graphql", 5, "graphql", "graphqlProduct"),
      { method: "OPTIONS", path: "/graphql", weight: 3 },
      { method: "OPTIONS", path: "/v1/cart", weight: 2 },
    ],
  },
  {
    host: "auth.acme-shop.com",
    weight: 4,
    network: "acme",
    latency: 120,
    kind: "api",
    routes: [
      post("/v2/auth/login", 3, "login", "token"),
      post("/v2/auth/refresh", 4, "refresh", "token"),
      { method: "POST", path: "/v2/auth/logout", weight: 1, status: 204 },
      get("/v2/auth/me", 5, "user"),
    ],
  },
  {
    host: "www.acme-shop.com",
    weight: 6,
    network: "acme",
    latency: 45,
    kind: "web",
    auth: "cookie",
    routes: [
      get("/", 3, "html"),
      get("/products/{word}", 3, "html"),
      get("/cart", 1, "html"),
      { method: "POST", path: "/checkout", weight: 1, request: "checkoutForm", status: 302 },
      get("/robots.txt", 0.3, "robots"),
    ],
  },
  {
    host: "images.acme-shop.com",
    weight: 13,
    network: "cloudfront",
    latency: 15,
    kind: "static",
    routes: [
      get("/p/{id}/800.webp", 5, "webp"),
      get("/p/{id}/320.webp", 5, "webp"),
      get("/banners/{word}.jpg", 1, "jpeg"),
    ],
  },
  {
    host: "config.acme-shop.com",
    weight: 3,
    network: "cloudfront",
    latency: 20,
    kind: "api",
    routes: [
      get("/mobile/ios/flags.json", 2, "flags"),
      get("/mobile/ios/remote-config", 1, "flags", [["app_version", "4.12.0"]]),
    ],
  },
  {
    host: "api.stripe.com",
    weight: 3,
    network: "stripe",
    latency: 260,
    kind: "api",
    auth: "stripe",
    routes: [
      post("/v1/payment_intents", 3, "stripePaymentIntent", "paymentIntent"),
      post("/v1/payment_intents/pi_{token}/confirm", 2, "stripeConfirm", "paymentIntent"),
      get("/v1/customers/cus_{token}", 1, "customer"),
      get("/v1/payment_methods", 1, "paymentMethods", [
        ["customer", "cus_{token}"],
        ["type", "card"],
      ]),
    ],
  },
  {
    host: "m.stripe.com",
    weight: 0.5,
    network: "stripe",
    latency: 40,
    kind: "telemetry",
    routes: [post("/6", 1, "stripeTelemetry", "empty")],
  },
  {
    host: "js.stripe.com",
    weight: 0.5,
    network: "cloudflare",
    latency: 12,
    kind: "static",
    routes: [get("/v3/", 1, "js")],
  },
  {
    host: "api.github.com",
    weight: 1,
    network: "github",
    latency: 90,
    kind: "api",
    auth: "github",
    routes: [
      get("/repos/acme/shop-ios/releases/latest", 3, "release"),
      get("/rate_limit", 1, "rateLimit"),
      get("/user", 1, "githubUser"),
    ],
  },
  {
    host: "graph.facebook.com",
    weight: 1.5,
    network: "meta",
    latency: 110,
    kind: "telemetry",
    routes: [
      post("/v19.0/1234567890/activities", 3, "facebookActivities", "ok"),
      get("/v19.0/1234567890", 1, "facebookSettings", [
        ["fields", "app_events_feature_bitmask,restrictive_data_filter_params"],
        ["format", "json"],
      ]),
    ],
  },
  {
    host: "connect.facebook.net",
    weight: 0.5,
    network: "meta",
    latency: 10,
    kind: "static",
    routes: [get("/en_US/fbevents.js", 1, "js")],
  },
  {
    host: "firebaseinstallations.googleapis.com",
    weight: 1,
    network: "google",
    latency: 80,
    kind: "telemetry",
    auth: "firebase",
    routes: [
      post("/v1/projects/acme-shop/installations", 1, "firebaseInstallation", "firebaseInstallation"),
      post(
        "/v1/projects/acme-shop/installations/{token}/authTokens:generate",
        2,
        "firebaseTokenRequest",
        "firebaseToken",
      ),
    ],
  },
  {
    host: "firebaselogging-pa.googleapis.com",
    weight: 0.7,
    network: "google",
    latency: 60,
    kind: "telemetry",
    auth: "firebase",
    routes: [post("/v1/firelog/legacy/batchlog", 1, "protobuf", "firelogOk")],
  },
  {
    host: "app-measurement.com",
    weight: 3,
    network: "google",
    latency: 50,
    kind: "telemetry",
    routes: [
      post("/a", 2, "protobuf"),
      get("/config/app/1:1234567890:ios:9f1c2a7e5b", 1, "protobufConfig", [
        ["platform", "ios"],
        ["gmp_version", "110400"],
      ]),
    ],
  },
  {
    host: "api.segment.io",
    weight: 1.5,
    network: "aws",
    latency: 45,
    kind: "telemetry",
    auth: "segment",
    routes: [post("/v1/batch", 5, "segmentBatch", "segmentOk"), { method: "OPTIONS", path: "/v1/batch", weight: 1 }],
  },
  {
    host: "cdn.segment.com",
    weight: 0.5,
    network: "cloudfront",
    latency: 15,
    kind: "static",
    routes: [get("/v1/projects/{token}/settings", 1, "segmentSettings")],
  },
  {
    host: "o450000.ingest.sentry.io",
    weight: 1.2,
    network: "google",
    latency: 35,
    kind: "telemetry",
    auth: "sentry",
    routes: [post("/api/4504/envelope/", 1, "sentryEnvelope", "sentryId")],
  },
  {
    host: "cdn.jsdelivr.net",
    weight: 2.5,
    network: "fastly",
    latency: 8,
    kind: "static",
    routes: [get("/npm/swiper@11/swiper-bundle.min.js", 2, "js"), get("/npm/@fontsource/inter@5/index.css", 1, "css")],
  },
  {
    host: "api.openai.com",
    weight: 1,
    network: "cloudflare",
    latency: 1400,
    kind: "api",
    auth: "openai",
    routes: [
      post("/v1/chat/completions", 3, "openaiChat", "chatCompletion"),
      post("/v1/embeddings", 1, "openaiEmbedding", "embedding"),
    ],
  },
  {
    host: "login.microsoftonline.com",
    weight: 1,
    network: "microsoft",
    latency: 150,
    kind: "api",
    routes: [
      post("/common/oauth2/v2.0/token", 3, "microsoftTokenForm", "token"),
      get("/common/discovery/instance", 1, "microsoftDiscovery", [
        ["api-version", "1.1"],
        ["authorization_endpoint", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"],
      ]),
    ],
  },
  {
    host: "graph.microsoft.com",
    weight: 0.5,
    network: "microsoft",
    latency: 120,
    kind: "api",
    auth: "jwt",
    routes: [get("/v1.0/me", 1, "microsoftUser")],
  },
  {
    host: "accounts.google.com",
    weight: 0.7,
    network: "google",
    latency: 90,
    kind: "web",
    auth: "cookie",
    routes: [
      post("/o/oauth2/token", 2, "googleTokenForm", "token"),
      {
        method: "GET",
        path: "/o/oauth2/v2/auth",
        weight: 1,
        status: 302,
        query: [
          ["client_id", "1234567890-acme.apps.googleusercontent.com"],
          ["redirect_uri", "com.acme.shop:/oauth2redirect"],
          ["response_type", "code"],
          ["scope", "openid email profile"],
        ],
      },
    ],
  },
  {
    host: "oauth2.googleapis.com",
    weight: 1,
    network: "google",
    latency: 85,
    kind: "api",
    routes: [post("/token", 1, "googleTokenForm", "token")],
  },
  {
    host: "www.googleapis.com",
    weight: 0.5,
    network: "google",
    latency: 60,
    kind: "api",
    auth: "jwt",
    routes: [get("/oauth2/v3/userinfo", 1, "googleUser")],
  },
  {
    host: "maps.googleapis.com",
    weight: 1,
    network: "google",
    latency: 70,
    kind: "api",
    routes: [
      get("/maps/api/geocode/json", 1, "geocode", [
        ["latlng", "52.52{n},13.40{n}"],
        ["key", "AIza{token}"],
      ]),
    ],
  },
  {
    host: "fonts.googleapis.com",
    weight: 0.7,
    network: "google",
    latency: 20,
    kind: "static",
    routes: [
      get("/css2", 1, "css", [
        ["family", "Inter:wght@400;600"],
        ["display", "swap"],
      ]),
    ],
  },
  {
    host: "fonts.gstatic.com",
    weight: 0.7,
    network: "google",
    latency: 10,
    kind: "static",
    routes: [get("/s/inter/v13/{token}.woff2", 1, "woff2")],
  },
  {
    host: "api.mixpanel.com",
    weight: 1,
    network: "google",
    latency: 55,
    kind: "telemetry",
    routes: [
      post("/track", 2, "mixpanelTrack", "mixpanelOk", [
        ["ip", "1"],
        ["verbose", "1"],
      ]),
      post("/engage", 1, "mixpanelTrack", "mixpanelOk", [["verbose", "1"]]),
    ],
  },
  {
    host: "api2.amplitude.com",
    weight: 0.7,
    network: "aws",
    latency: 60,
    kind: "telemetry",
    routes: [post("/2/httpapi", 1, "amplitudeEvents", "amplitudeOk")],
  },
  {
    host: "api.revenuecat.com",
    weight: 1,
    network: "cloudflare",
    latency: 140,
    kind: "api",
    auth: "revenuecat",
    routes: [
      get("/v1/subscribers/$RCAnonymousID:{hex}", 3, "subscriber"),
      post("/v1/receipts", 1, "receipt", "subscriber"),
    ],
  },
  {
    host: "sdk.iad-01.braze.com",
    weight: 0.7,
    network: "aws",
    latency: 75,
    kind: "telemetry",
    routes: [post("/api/v3/data/", 1, "brazeData", "brazeOk")],
  },
  {
    host: "api.onesignal.com",
    weight: 0.5,
    network: "cloudflare",
    latency: 90,
    kind: "api",
    routes: [
      { method: "PUT", path: "/players/{uuid}", weight: 1, request: "onesignalPlayer", response: "onesignalOk" },
    ],
  },
  {
    host: "api-iam.intercom.io",
    weight: 0.5,
    network: "aws",
    latency: 130,
    kind: "api",
    routes: [post("/messenger/web/ping", 1, "intercomPing", "intercomPing")],
  },
  {
    host: "hooks.slack.com",
    weight: 0.3,
    network: "aws",
    latency: 180,
    kind: "api",
    routes: [post("/services/T0{hex}/B0{hex}/{token}", 1, "slackMessage", "slackOk")],
  },
  {
    host: "api.mapbox.com",
    weight: 0.7,
    network: "cloudfront",
    latency: 35,
    kind: "api",
    routes: [
      get("/styles/v1/mapbox/streets-v12", 1, "mapboxStyle", [["access_token", "pk.{token}"]]),
      get("/v4/mapbox.mapbox-streets-v8/14/{n}/{n}.vector.pbf", 4, "vectorTile", [["access_token", "pk.{token}"]]),
    ],
  },
  {
    host: "api.apple-cloudkit.com",
    weight: 0.5,
    network: "apple",
    latency: 160,
    kind: "api",
    routes: [
      post("/database/1/iCloud.com.acme.shop/production/private/records/query", 1, "cloudkitQuery", "cloudkitRecords"),
    ],
  },
  {
    host: "init.itunes.apple.com",
    weight: 0.3,
    network: "apple",
    latency: 50,
    kind: "static",
    routes: [get("/bag.xml", 1, "bagXml", [["ix", "6"]])],
  },
  {
    host: "captive.apple.com",
    weight: 0.3,
    network: "apple",
    latency: 15,
    kind: "web",
    insecure: true,
    http1: true,
    routes: [get("/hotspot-detect.html", 1, "captive")],
  },
  {
    host: "googleads.g.doubleclick.net",
    weight: 0.5,
    network: "google",
    latency: 40,
    kind: "telemetry",
    routes: [get("/pagead/id", 1, "adId")],
  },
  {
    host: "registry.npmjs.org",
    weight: 0.5,
    network: "cloudflare",
    latency: 30,
    kind: "api",
    routes: [get("/swiper", 1, "npmPackage"), get("/@fontsource%2finter", 1, "npmPackage")],
  },
];
