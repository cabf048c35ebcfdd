import { utf8ByteLength } from "@/lib/capture/bytes";
import type { Session } from "./session";
import { base64Bytes, hex, integer, pick, token, uuid, type Random } from "./random";
import type { Body } from "@/lib/capture/traffic-log-entry";

/**
 * Bodies of generated captures: small, plausible JSON, form and binary payloads per endpoint.
 * Binary and bundle downloads keep only a short preview flagged truncated, as a device with a
 * low body limit would store them; writing out 100 KB images would make seeding crawl.
 */

export interface BodyContext {
  random: Random;
  ts: Date;
  session: Session;
  /** The product id in the path, or a fresh one. */
  productId: number;
}

type Factory = (context: BodyContext) => Body;

const text = (content: string, mimeType: string): Body => ({
  encoding: "text",
  content,
  size: utf8ByteLength(content),
  mimeType,
  truncated: false,
});
const json = (value: unknown): Body => text(JSON.stringify(value), "application/json");

function form(pairs: readonly (readonly [string, string])[]): Body {
  const content = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join("&");
  return {
    ...text(content, "application/x-www-form-urlencoded"),
    params: pairs.map(([name, value]) => ({ name, value })),
  };
}

const bytesToBase64 = (bytes: readonly number[]) => btoa(String.fromCharCode(...bytes));

/** Random bytes of about `approximateSize` (rounded down to whole base64 groups). */
function randomBinary(random: Random, approximateSize: number, mimeType: string): Body {
  const groups = Math.floor(approximateSize / 3);
  return { encoding: "base64", content: base64Bytes(random, groups), size: groups * 3, mimeType, truncated: false };
}

/** The first bytes of real files of each kind, a multiple of 3 so the base64 has no padding. */
const PREVIEWS = {
  webp: bytesToBase64([
    0x52, 0x49, 0x46, 0x46, 0x24, 0x8c, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20, 0x18, 0x8c, 0x00,
    0x00, 0x30, 0xd0, 0x01, 0x9d, 0x01, 0x2a, 0x20, 0x03, 0x20, 0x03, 0x3e, 0x91, 0x48, 0x9f, 0x4b, 0xa5,
  ]),
  jpeg: bytesToBase64([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00,
    0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x06, 0x04, 0x05, 0x06, 0x05, 0x04, 0x06, 0x06, 0x05, 0x06, 0x07,
  ]),
  woff2: bytesToBase64([
    0x77, 0x4f, 0x46, 0x32, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x5e, 0x4c, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0xd4,
    0x84, 0x00, 0x00, 0x5d, 0xe8,
  ]),
  pbf: bytesToBase64([
    0x1a, 0xf3, 0x9b, 0x02, 0x0a, 0x08, 0x6c, 0x61, 0x6e, 0x64, 0x75, 0x73, 0x65, 0x12, 0x0b, 0x08, 0x01, 0x12,
  ]),
};

const preview = (content: string, encoding: Body["encoding"], size: number, mimeType: string): Body => ({
  encoding,
  content,
  size,
  mimeType,
  truncated: true,
});

const JS_PREVIEW =
  '/**\n * Swiper 11.1.15\n * Most modern mobile touch slider and framework with hardware accelerated transitions\n * https://swiperjs.com\n */\nvar Swiper=function(){"use strict";function e(e){return null!==e&&"object"==typeof e&&"constructor"in e&&e.constructor===Object}';
const CSS_PREVIEW =
  "/* inter-latin-400-normal */\n@font-face {\n  font-family: 'Inter';\n  font-style: normal;\n  font-display: swap;\n  font-weight: 400;\n  src: url(./files/inter-latin-400-normal.woff2) format('woff2');\n}\n";

const ADJECTIVES = [
  "Classic",
  "Organic",
  "Wireless",
  "Vintage",
  "Compact",
  "Waterproof",
  "Merino",
  "Ceramic",
  "Bamboo",
  "Smart",
];
const NOUNS = [
  "Sneakers",
  "Rain Jacket",
  "Coffee Grinder",
  "Desk Lamp",
  "Headphones",
  "Backpack",
  "Water Bottle",
  "Notebook",
  "Camera Strap",
  "Yoga Mat",
];
export const WORDS = [
  "sneakers",
  "jackets",
  "coffee",
  "lamps",
  "headphones",
  "backpacks",
  "summer-sale",
  "gifts",
  "books",
  "cameras",
];
const CURRENCIES = ["USD", "EUR", "GBP"];

const price = (random: Random, currency: string) => ({ amount: integer(random, 499, 24_999) / 100, currency });

function product(random: Random, id: number, currency: string) {
  return {
    id,
    sku: `SKU-${hex(random, 6).toUpperCase()}`,
    name: `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`,
    price: price(random, currency),
    rating: integer(random, 30, 50) / 10,
    inStock: random() < 0.9,
    image: `https://images.acme-shop.com/p/${id}/320.webp`,
  };
}

function cart({ random, ts, session, productId }: BodyContext) {
  const currency = pick(random, CURRENCIES);
  const items = Array.from({ length: integer(random, 1, 4) }, (_, i) => ({
    productId: i === 0 ? productId : integer(random, 1, 90_000),
    quantity: integer(random, 1, 3),
    unitPrice: price(random, currency),
  }));
  const subtotal = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice.amount, 0) * 100) / 100;
  return { id: session.cartId, items, subtotal: { amount: subtotal, currency }, updatedAt: ts.toISOString() };
}

function order({ random, ts, productId }: BodyContext) {
  const currency = pick(random, CURRENCIES);
  return {
    id: `ord_${token(random, 12)}`,
    status: pick(random, ["pending", "paid", "shipped", "delivered"]),
    items: [{ productId, quantity: integer(random, 1, 2) }],
    total: price(random, currency),
    createdAt: new Date(ts.getTime() - integer(random, 0, 30) * 86_400_000).toISOString(),
  };
}

function user({ session }: BodyContext) {
  return {
    id: `usr_${session.userId}`,
    email: session.email,
    locale: "en-US",
    marketingOptIn: false,
    memberSince: "2024-03-18",
  };
}

function address({ random }: BodyContext) {
  return {
    name: "Alex Example",
    line1: `${integer(random, 1, 240)} Market Street`,
    city: pick(random, ["San Francisco", "Berlin", "London"]),
    postalCode: String(integer(random, 10_000, 99_999)),
    country: pick(random, ["US", "DE", "GB"]),
  };
}

function tokenResponse({ random, session }: BodyContext) {
  return {
    access_token: session.accessToken,
    refresh_token: session.refreshToken,
    token_type: "Bearer",
    expires_in: 3600,
    scope: "openid email profile",
    ...(random() < 0.5 ? { id_token: session.accessToken } : {}),
  };
}

const telemetryEvent = (random: Random) =>
  pick(random, ["app_open", "screen_view", "view_item", "add_to_cart", "begin_checkout", "purchase", "search"]);

const html = ({ random }: BodyContext) => {
  const title = pick(random, NOUNS);
  return text(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Acme Shop</title><link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fontsource/inter@5/index.css"><script src="https://js.stripe.com/v3/" async></script></head><body><div id="root" data-build="${hex(random, 7)}"></div><script src="/static/app.${hex(random, 8)}.js"></script></body></html>`,
    "text/html",
  );
};

export const REQUEST_BODIES = {
  cartItem: ({ random, productId }) => json({ productId, quantity: integer(random, 1, 3) }),
  cartQuantity: ({ random }) => json({ quantity: integer(random, 0, 4) }),
  address: (context) => json(address(context)),
  preferences: ({ random }) =>
    json({
      currency: pick(random, CURRENCIES),
      newsletter: random() < 0.4,
      pushTopics: ["orders", ...(random() < 0.5 ? ["deals"] : [])],
    }),
  orderCreate: ({ random, session }) =>
    json({
      cartId: session.cartId,
      paymentMethodId: `pm_${token(random, 24)}`,
      shippingMethod: pick(random, ["standard", "express"]),
    }),
  graphql: ({ productId }) =>
    json({
      operationName: "ProductDetails",
      variables: { id: String(productId) },
      query:
        "query ProductDetails($id: ID!) { product(id: $id) { id name price { amount currency } reviews(first: 3) { rating title } } }",
    }),
  login: ({ random, session }) =>
    json({
      email: session.email,
      password: `correct-horse-${hex(random, 6)}`,
      device: { model: "iPhone17,1", os: "iOS 26.1" },
    }),
  refresh: ({ session }) => json({ refresh_token: session.refreshToken, grant_type: "refresh_token" }),
  checkoutForm: ({ random, session }) =>
    form([
      ["cart_id", session.cartId],
      ["shipping", pick(random, ["standard", "express"])],
      ["csrf_token", token(random, 32)],
    ]),
  stripePaymentIntent: ({ random }) =>
    form([
      ["amount", String(integer(random, 500, 25_000))],
      ["currency", pick(random, ["usd", "eur"])],
      ["payment_method_types[]", "card"],
      ["metadata[order_id]", `ord_${token(random, 12)}`],
    ]),
  stripeConfirm: ({ random }) =>
    form([
      ["payment_method", `pm_${token(random, 24)}`],
      ["return_url", "acmeshop://stripe-redirect"],
    ]),
  stripeTelemetry: ({ random, ts }) =>
    json({ v2: 1, id: hex(random, 32), t: ts.getTime(), tag: "4.8.0", src: "ios-sdk", a: { c: "Stripe3DS2" } }),
  facebookActivities: ({ random, ts, session }) =>
    form([
      ["event", "CUSTOM_APP_EVENTS"],
      ["advertiser_id", "00000000-0000-0000-0000-000000000000"],
      ["anon_id", `XZ${session.anonymousId}`],
      [
        "custom_events",
        JSON.stringify([{ _eventName: telemetryEvent(random), _logTime: Math.floor(ts.getTime() / 1000) }]),
      ],
      ["application_tracking_enabled", "0"],
    ]),
  firebaseInstallation: ({ session }) =>
    json({
      fid: session.installationId,
      appId: "1:1234567890:ios:9f1c2a7e5b",
      authVersion: "FIS_v2",
      sdkVersion: "i:11.4.0",
    }),
  firebaseTokenRequest: () => json({ installation: { sdkVersion: "i:11.4.0" } }),
  protobuf: ({ random }) => randomBinary(random, integer(random, 180, 900), "application/x-protobuf"),
  segmentBatch: ({ random, ts, session }) =>
    json({
      batch: Array.from({ length: integer(random, 1, 3) }, () => ({
        type: "track",
        event: telemetryEvent(random),
        anonymousId: session.anonymousId,
        userId: `usr_${session.userId}`,
        messageId: uuid(random),
        timestamp: ts.toISOString(),
        properties: { screen: pick(random, ["Home", "Product", "Cart", "Checkout"]) },
      })),
      sentAt: ts.toISOString(),
      context: { library: { name: "analytics-ios", version: "4.1.8" }, os: { name: "iOS", version: "26.1" } },
    }),
  sentryEnvelope: ({ random, ts }) => {
    const eventId = hex(random, 32);
    const event = JSON.stringify({
      event_id: eventId,
      timestamp: ts.getTime() / 1000,
      platform: "cocoa",
      level: "error",
      exception: {
        values: [
          {
            type: "NSInvalidArgumentException",
            value: "*** -[__NSArrayM objectAtIndex:]: index 3 beyond bounds [0 .. 2]",
          },
        ],
      },
      release: "com.acme.shop@4.12.0+4120",
    });
    return text(
      `{"event_id":"${eventId}","sent_at":"${ts.toISOString()}","sdk":{"name":"sentry.cocoa","version":"8.36.0"}}\n{"type":"event","length":${event.length}}\n${event}\n`,
      "application/x-sentry-envelope",
    );
  },
  openaiChat: ({ random }) =>
    json({
      model: "gpt-4o-mini",
      temperature: 0.2,
      messages: [
        { role: "system", content: "You write short product descriptions for an online shop." },
        { role: "user", content: `Describe the ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} in two sentences.` },
      ],
    }),
  openaiEmbedding: ({ random }) =>
    json({ model: "text-embedding-3-small", input: `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}` }),
  microsoftTokenForm: ({ session }) =>
    form([
      ["client_id", "a1b2c3d4-0000-4000-8000-acme00000001"],
      ["grant_type", "refresh_token"],
      ["refresh_token", session.refreshToken],
      ["scope", "openid profile offline_access User.Read"],
    ]),
  googleTokenForm: ({ random }) =>
    form([
      ["grant_type", "authorization_code"],
      ["code", `4/0A${token(random, 60)}`],
      ["client_id", "1234567890-acme.apps.googleusercontent.com"],
      ["redirect_uri", "com.acme.shop:/oauth2redirect"],
      ["code_verifier", token(random, 43)],
    ]),
  mixpanelTrack: ({ random, ts, session }) =>
    json([
      {
        event: telemetryEvent(random),
        properties: {
          token: "acme-mixpanel-token",
          distinct_id: session.anonymousId,
          time: ts.getTime(),
          $os: "iOS",
          $app_version_string: "4.12.0",
        },
      },
    ]),
  amplitudeEvents: ({ random, ts, session }) =>
    json({
      api_key: hex(random, 32),
      events: [
        {
          event_type: telemetryEvent(random),
          device_id: session.anonymousId,
          time: ts.getTime(),
          platform: "iOS",
          app_version: "4.12.0",
        },
      ],
    }),
  receipt: ({ random, session }) =>
    json({
      app_user_id: `$RCAnonymousID:${session.anonymousId.replaceAll("-", "")}`,
      fetch_token: token(random, 120),
      product_id: "acme.plus.monthly",
      price: 4.99,
      currency: "USD",
    }),
  brazeData: ({ random, ts, session }) =>
    json({
      api_key: uuid(random),
      time: Math.floor(ts.getTime() / 1000),
      device_id: session.anonymousId,
      events: [{ name: "ss", time: ts.getTime() / 1000, data: {} }],
      sdk_version: "10.3.0",
    }),
  onesignalPlayer: ({ random }) =>
    json({
      app_id: uuid(random),
      device_type: 0,
      identifier: hex(random, 64),
      language: "en",
      timezone: 3600,
      game_version: "4.12.0",
    }),
  intercomPing: ({ random, session }) =>
    form([
      ["app_id", "acme1234"],
      ["v", "3"],
      ["user_data", JSON.stringify({ email: session.email, anonymous_id: session.anonymousId })],
      ["referer", "https://www.acme-shop.com/"],
      ["device_identifier", hex(random, 16)],
    ]),
  slackMessage: ({ random }) =>
    json({
      text: `:rotating_light: Checkout error rate ${integer(random, 2, 9)}% over 5 min`,
      channel: "#shop-alerts",
    }),
  cloudkitQuery: () =>
    json({
      zoneID: { zoneName: "_defaultZone" },
      query: { recordType: "Wishlist", sortBy: [{ fieldName: "modified", ascending: false }] },
      resultsLimit: 50,
    }),
} satisfies Record<string, Factory>;

export const RESPONSE_BODIES = {
  products: ({ random }) => {
    const currency = pick(random, CURRENCIES);
    return json({
      items: Array.from({ length: integer(random, 3, 6) }, () => product(random, integer(random, 1, 90_000), currency)),
      nextCursor: token(random, 16),
      total: integer(random, 12, 4_800),
    });
  },
  product: ({ random, productId }) =>
    json({
      ...product(random, productId, pick(random, CURRENCIES)),
      description: "Made to last, easy to care for, and backed by our 2-year warranty.",
      variants: [
        { id: `${productId}-s`, size: "S" },
        { id: `${productId}-m`, size: "M" },
        { id: `${productId}-l`, size: "L" },
      ],
    }),
  cart: (context) => json(cart(context)),
  orders: (context) => json({ items: [order(context), order(context)], hasMore: context.random() < 0.3 }),
  order: (context) => json(order(context)),
  user: (context) => json(user(context)),
  address: (context) => json({ id: `adr_${token(context.random, 10)}`, ...address(context) }),
  preferences: ({ random, ts }) =>
    json({
      currency: pick(random, CURRENCIES),
      newsletter: random() < 0.4,
      pushTopics: ["orders"],
      updatedAt: ts.toISOString(),
    }),
  graphqlProduct: ({ random, productId }) =>
    json({
      data: {
        product: {
          id: String(productId),
          name: `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`,
          price: price(random, "USD"),
          reviews: [{ rating: integer(random, 3, 5), title: "Great value" }],
        },
      },
    }),
  token: (context) => json(tokenResponse(context)),
  html,
  robots: () =>
    text(
      "User-agent: *\nDisallow: /checkout\nDisallow: /cart\nSitemap: https://www.acme-shop.com/sitemap.xml\n",
      "text/plain",
    ),
  webp: ({ random }) => preview(PREVIEWS.webp, "base64", integer(random, 8_000, 160_000), "image/webp"),
  jpeg: ({ random }) => preview(PREVIEWS.jpeg, "base64", integer(random, 40_000, 420_000), "image/jpeg"),
  woff2: ({ random }) => preview(PREVIEWS.woff2, "base64", integer(random, 20_000, 48_000), "font/woff2"),
  vectorTile: ({ random }) =>
    preview(PREVIEWS.pbf, "base64", integer(random, 4_000, 90_000), "application/vnd.mapbox-vector-tile"),
  js: ({ random }) => preview(JS_PREVIEW, "text", integer(random, 60_000, 160_000), "application/javascript"),
  css: ({ random }) => preview(CSS_PREVIEW, "text", integer(random, 2_000, 14_000), "text/css"),
  flags: ({ random }) =>
    json({
      version: integer(random, 300, 420),
      flags: {
        newCheckout: random() < 0.5,
        applePayExpress: true,
        recommendationsV2: random() < 0.3,
        maintenanceBanner: false,
      },
    }),
  paymentIntent: ({ random }) =>
    json({
      id: `pi_${token(random, 24)}`,
      object: "payment_intent",
      amount: integer(random, 500, 25_000),
      currency: "usd",
      status: pick(random, ["requires_payment_method", "requires_confirmation", "succeeded"]),
      client_secret: `pi_${token(random, 24)}_secret_${token(random, 24)}`,
      livemode: false,
    }),
  customer: ({ random, ts, session }) =>
    json({
      id: `cus_${token(random, 14)}`,
      object: "customer",
      email: session.email,
      created: Math.floor(ts.getTime() / 1000) - integer(random, 86_400, 30_000_000),
      livemode: false,
    }),
  paymentMethods: ({ random }) =>
    json({
      object: "list",
      data: [
        {
          id: `pm_${token(random, 24)}`,
          type: "card",
          card: {
            brand: pick(random, ["visa", "mastercard", "amex"]),
            last4: String(integer(random, 1000, 9999)),
            exp_month: integer(random, 1, 12),
            exp_year: 2029,
          },
        },
      ],
      has_more: false,
    }),
  empty: () => text("", "text/plain"),
  release: ({ random }) =>
    json({
      tag_name: `v4.${integer(random, 10, 13)}.0`,
      name: "Acme Shop for iOS",
      draft: false,
      prerelease: false,
      published_at: "2026-10-28T09:12:44Z",
      assets: [],
    }),
  rateLimit: ({ random }) =>
    json({
      resources: {
        core: {
          limit: 5000,
          used: integer(random, 0, 400),
          remaining: integer(random, 4600, 5000),
          reset: 1_790_000_000,
        },
      },
    }),
  githubUser: () => json({ login: "acme-release-bot", id: 98_765_432, type: "Bot", site_admin: false }),
  ok: () => json({ success: true }),
  facebookSettings: () =>
    json({ app_events_feature_bitmask: 65_541, restrictive_data_filter_params: "{}", id: "1234567890" }),
  firebaseInstallation: ({ random, session }) =>
    json({
      name: `projects/1234567890/installations/${session.installationId}`,
      fid: session.installationId,
      refreshToken: `3_${token(random, 60)}`,
      authToken: { token: session.accessToken, expiresIn: "604800s" },
    }),
  firebaseToken: ({ session }) => json({ token: session.accessToken, expiresIn: "604800s" }),
  firelogOk: () => json({ nextRequestWaitMillis: "30000" }),
  protobufConfig: ({ random }) => randomBinary(random, integer(random, 60, 240), "application/x-protobuf"),
  segmentOk: () => json({ success: true }),
  segmentSettings: () =>
    json({
      integrations: { "Segment.io": { apiKey: "acme-write-key", apiHost: "api.segment.io/v1" } },
      plan: { track: { __default: { enabled: true } } },
    }),
  sentryId: ({ random }) => json({ id: hex(random, 32) }),
  chatCompletion: ({ random }) =>
    json({
      id: `chatcmpl-${token(random, 29)}`,
      object: "chat.completion",
      model: "gpt-4o-mini-2024-07-18",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content:
              "Built for everyday use, it pairs durable materials with a clean design. It is light enough to take anywhere.",
          },
          finish_reason: "stop",
        },
      ],
      usage: {
        prompt_tokens: integer(random, 30, 60),
        completion_tokens: integer(random, 25, 45),
        total_tokens: integer(random, 60, 100),
      },
    }),
  embedding: ({ random }) =>
    json({
      object: "list",
      data: [
        {
          object: "embedding",
          index: 0,
          embedding: Array.from({ length: 8 }, () => Math.round((random() - 0.5) * 2e6) / 1e7),
        },
      ],
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 4, total_tokens: 4 },
    }),
  microsoftDiscovery: () =>
    json({
      tenant_discovery_endpoint: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
      "api-version": "1.1",
      metadata: [
        {
          preferred_network: "login.microsoftonline.com",
          preferred_cache: "login.windows.net",
          aliases: ["login.microsoftonline.com", "login.windows.net"],
        },
      ],
    }),
  microsoftUser: ({ session }) =>
    json({
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
      displayName: "Alex Example",
      mail: session.email,
      id: `${session.userId}-0000-4000-8000-000000000000`,
    }),
  googleUser: ({ session }) =>
    json({
      sub: String(session.userId * 1_000_003),
      email: session.email,
      email_verified: true,
      name: "Alex Example",
      picture: "https://lh3.googleusercontent.com/a/default-user=s96-c",
    }),
  geocode: ({ random }) =>
    json({
      results: [
        {
          formatted_address: `${integer(random, 1, 200)} Friedrichstraße, 10117 Berlin, Germany`,
          geometry: { location: { lat: 52.52 + random() / 100, lng: 13.4 + random() / 100 } },
          place_id: `ChIJ${token(random, 23)}`,
        },
      ],
      status: "OK",
    }),
  mixpanelOk: () => json({ status: 1, error: null }),
  amplitudeOk: ({ random, ts }) =>
    json({
      code: 200,
      events_ingested: 1,
      payload_size_bytes: integer(random, 200, 900),
      server_upload_time: ts.getTime(),
    }),
  subscriber: ({ random, ts, session }) =>
    json({
      request_date: ts.toISOString(),
      subscriber: {
        original_app_user_id: `$RCAnonymousID:${session.anonymousId.replaceAll("-", "")}`,
        entitlements:
          random() < 0.2
            ? {
                plus: {
                  product_identifier: "acme.plus.monthly",
                  expires_date: new Date(ts.getTime() + 20 * 86_400_000).toISOString(),
                },
              }
            : {},
        subscriptions: {},
      },
    }),
  brazeOk: () => json({ config: { time: 1_790_000_000, events_blacklist: [], attributes_blacklist: [] } }),
  onesignalOk: ({ random }) => json({ success: true, id: uuid(random) }),
  intercomPing: ({ random }) =>
    json({
      type: "ping",
      app: { name: "Acme Shop", color: "#0f62fe" },
      user: { role: "visitor", anonymous_id: uuid(random) },
    }),
  slackOk: () => text("ok", "text/html"),
  mapboxStyle: () =>
    json({
      version: 8,
      name: "Mapbox Streets",
      sources: { composite: { url: "mapbox://mapbox.mapbox-streets-v8", type: "vector" } },
      sprite: "mapbox://sprites/mapbox/streets-v12",
      glyphs: "mapbox://fonts/mapbox/{fontstack}/{range}.pbf",
      layers: [],
    }),
  cloudkitRecords: ({ random, productId }) =>
    json({
      records: [
        {
          recordName: uuid(random),
          recordType: "Wishlist",
          fields: { productIds: { value: [productId], type: "INT64_LIST" } },
          modified: { timestamp: 1_790_000_000_000 },
        },
      ],
    }),
  bagXml: () =>
    text(
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>signup</key><string>https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/signupWizard</string></dict></plist>\n',
      "text/xml",
    ),
  captive: () => text("<HTML><HEAD><TITLE>Success</TITLE></HEAD><BODY>Success</BODY></HTML>\n", "text/html"),
  adId: ({ random }) => json({ id: `${hex(random, 16)}`, enabled: false }),
  npmPackage: ({ random }) =>
    json({
      name: "swiper",
      "dist-tags": { latest: `11.${integer(random, 0, 2)}.${integer(random, 0, 15)}` },
      description: "Most modern mobile touch slider and framework with hardware accelerated transitions",
      license: "MIT",
    }),
} satisfies Record<string, Factory>;

export type RequestBodyKind = keyof typeof REQUEST_BODIES;
export type ResponseBodyKind = keyof typeof RESPONSE_BODIES;

/** What an error status answers with: a JSON error from APIs, an HTML page from proxies and sites. */
export function errorBody(random: Random, status: number, statusText: string, html: boolean): Body {
  if (html || status === 502 || status === 503) {
    return text(
      `<html>\r\n<head><title>${status} ${statusText}</title></head>\r\n<body>\r\n<center><h1>${status} ${statusText}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      "text/html",
    );
  }
  const code = statusText.toLowerCase().replaceAll(" ", "_");
  return json({ error: { code, message: statusText, requestId: hex(random, 16) } });
}
