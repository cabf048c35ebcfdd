import type { CapturedEntry } from "./types";

/**
 * Traffic a repro leaves out before correlating: preflights, assets, analytics, feature
 * flags, logout, a 401 that the client answered by retrying, requests that never got an
 * answer. What survives is pruned again after correlation (./prune): a request that neither
 * uses a value nor provides one is unrelated to the flow.
 */

const ASSET_PATH = /\.(?:js|mjs|css|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|mp4|webm|mp3)$/i;
const ASSET_MIME = /^(?:image|font|video|audio)\/|^text\/css|javascript/i;
const ANALYTICS =
  /google-analytics|googletagmanager|doubleclick|segment\.(?:io|com)|mixpanel|amplitude|sentry|datadoghq|hotjar|newrelic|bugsnag|clarity\.ms|plausible|posthog|firelog|\/(?:collect|track|analytics|telemetry|beacon|pixel|rum|metrics|events?|batchlog)(?:\/|$)/i;
const FLAGS =
  /launchdarkly|flagsmith|unleash|growthbook|statsig|split\.io|optimizely|remote-?config|\/(?:feature[-_]?flags?|flags|toggles|experiments)(?:\.json)?(?:\/|$)/i;
const LOGOUT = /\/(?:logout|log-out|signout|sign-out|sign_out|revoke)(?:\/|$)/i;

function header(entry: CapturedEntry["entry"], name: string, side: "request" | "response" = "response"): string {
  const list = side === "request" ? entry.request.headers : (entry.response?.headers ?? []);
  return list.find((h) => h.name.toLowerCase() === name)?.value ?? "";
}

function urlParts(url: string): { host: string; path: string } {
  try {
    const parsed = new URL(url);
    return { host: parsed.host, path: parsed.pathname };
  } catch {
    return { host: "", path: url };
  }
}

/** Why an entry is noise, or null when it may belong to the flow. */
export function noiseReason(item: CapturedEntry, later: CapturedEntry[]): string | null {
  const { entry } = item;
  const { host, path } = urlParts(entry.request.url);
  if (!URL.canParse(entry.request.url)) return "its URL does not parse";
  if (!entry.response) return "no response was captured";
  if (entry.request.method === "OPTIONS") return "a CORS preflight";
  if (ASSET_PATH.test(path) || ASSET_MIME.test(header(entry, "content-type"))) return "a static asset";
  if (ANALYTICS.test(host) || ANALYTICS.test(path)) return "analytics or telemetry";
  if (FLAGS.test(host) || FLAGS.test(path)) return "feature flags";
  if (LOGOUT.test(path)) return "logout ends the session the repro needs";
  const status = entry.response.status;
  if (status === 401 || status === 403) {
    const retried = later.some(
      (next) =>
        next.entry.request.method === entry.request.method &&
        urlParts(next.entry.request.url).path === path &&
        (next.entry.response?.status ?? 0) < 400,
    );
    if (retried) return `answered ${status} and retried later (the retry is kept)`;
  }
  return null;
}

export function selectCandidates(items: CapturedEntry[]): {
  candidates: CapturedEntry[];
  dropped: { entryId: number; reason: string }[];
} {
  const candidates: CapturedEntry[] = [];
  const dropped: { entryId: number; reason: string }[] = [];
  items.forEach((item, i) => {
    const reason = noiseReason(item, items.slice(i + 1));
    if (reason) dropped.push({ entryId: item.id, reason });
    else candidates.push(item);
  });
  return { candidates, dropped };
}
