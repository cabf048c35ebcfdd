import { authenticate } from "@/lib/auth";
import { ownerPool } from "@/lib/db/pool";
import { invalid } from "@/lib/errors";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";
import { callerFromToken } from "@/lib/operations/caller";
import { exportEntries } from "@/lib/operations/entries/export";
import { DASHBOARD_RESULT_BUDGET_CHARS, runOperation } from "@/lib/operations/run";
import packageJson from "@/package.json" with { type: "json" };

const LISTS = ["device_uuids", "hosts", "methods", "status_classes", "tag_ids"] as const;
const PAGE = 20;
const DEFAULT_MAX = 10_000;

/** The query string as export_entries input: lists comma-separated, status classes as numbers. */
function inputOf(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === "max") continue;
    if ((LISTS as readonly string[]).includes(key)) {
      const items = value.split(",").filter(Boolean);
      input[key] = key === "status_classes" ? items.map(Number) : items;
    } else input[key] = value;
  }
  return input;
}

/**
 * GET /api/har/export?<export_entries filters>&max=N: a HAR 1.2 file of the captures the caller
 * may see, newest first, streamed page by page from export_entries (each page its own read as
 * the caller). The first page is read before answering, so a bad filter is a 4xx, not a broken
 * download.
 */
export const GET = withErrors(async (request: Request) => {
  const token = await authenticate(request);
  const caller = callerFromToken(token);
  const params = new URL(request.url).searchParams;
  const max = params.has("max") ? Number(params.get("max")) : DEFAULT_MAX;
  if (!Number.isInteger(max) || max < 1 || max > 100_000) throw invalid("max", "a whole number from 1 to 100000");
  const filters = inputOf(params);
  const page = (cursor?: string) =>
    runOperation(
      ownerPool(),
      exportEntries,
      { ...filters, limit: Math.min(PAGE, max), ...(cursor ? { cursor } : {}) },
      caller,
      { resultBudget: DASHBOARD_RESULT_BUDGET_CHARS * 4 },
    );
  let next: Awaited<ReturnType<typeof page>> | null = await page();
  let written = 0;
  const encoder = new TextEncoder();
  const head = `{"log":{"version":"1.2","creator":{"name":"busymate","version":${JSON.stringify(packageJson.version)}},"entries":[`;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(head));
    },
    async pull(controller) {
      try {
        if (!next) return;
        const items = next.items.slice(0, max - written);
        const text = items.map((item, i) => `${written + i > 0 ? "," : ""}\n${JSON.stringify(item.har)}`).join("");
        written += items.length;
        if (text) controller.enqueue(encoder.encode(text));
        next = next.next_cursor && written < max ? await page(next.next_cursor) : null;
        if (!next) {
          controller.enqueue(encoder.encode("\n]}}\n"));
          controller.close();
        }
      } catch (error) {
        // Headers are sent: a failure can only cut the file short, which no HAR reader accepts.
        controller.error(error);
      }
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="busymate-${stamp}.har"`,
      "Cache-Control": "no-store",
    },
  });
});

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
