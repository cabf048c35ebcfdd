import "server-only";
import { tool } from "ai";
import { z } from "zod";
import type { Emit } from "./events";

/**
 * BusyBro's web search, off unless BUSYBRO_SEARCH_URL names a SearXNG-compatible endpoint
 * (`GET <url>?q=…&format=json` → `{results: [{title, url, content}]}`; SearXNG itself, or
 * any proxy in front of a search API that answers the same). Results come back numbered so
 * the answer can cite them as [1], [2] with their URLs.
 */
const result = z.object({ title: z.string(), url: z.string(), content: z.string().optional() });
const response = z.object({ results: z.array(z.unknown()) });

const MAX_RESULTS = 5;
const TIMEOUT_MS = 10_000;

export function webSearchTool(endpoint: string, emit: Emit, signal: AbortSignal) {
  return tool({
    description:
      "Searches the web for current or external information (an API's documentation, a vendor's auth scheme). " +
      "Returns numbered results with title, URL and a snippet; cite them in the answer as [n](url).",
    inputSchema: z.object({ query: z.string().min(2).max(300).describe("What to search for") }),
    execute: async ({ query }) => {
      emit({ event: "tool", data: { label: "Searching the web…" } });
      const url = new URL(endpoint);
      url.searchParams.set("q", query);
      url.searchParams.set("format", "json");
      try {
        const answer = await fetch(url, {
          signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
          headers: { accept: "application/json" },
        });
        if (!answer.ok) return { error: { code: "SERVICE_UNAVAILABLE", message: `Search answered ${answer.status}.` } };
        const parsed = response.safeParse(await answer.json());
        if (!parsed.success)
          return { error: { code: "SERVICE_UNAVAILABLE", message: "Search answered something else than results." } };
        const results = parsed.data.results
          .flatMap((item) => {
            const ok = result.safeParse(item);
            return ok.success && /^https?:\/\//.test(ok.data.url) ? [ok.data] : [];
          })
          .slice(0, MAX_RESULTS)
          .map((item, i) => ({
            n: i + 1,
            title: item.title,
            url: item.url,
            snippet: (item.content ?? "").slice(0, 500),
          }));
        return { query, results };
      } catch (error) {
        if (signal.aborted) throw error;
        return { error: { code: "SERVICE_UNAVAILABLE", message: "The search service did not answer." } };
      }
    },
  });
}
