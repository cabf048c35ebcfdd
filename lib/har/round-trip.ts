import type { HarEntry } from "@/lib/capture/har";

/**
 * What a HAR should look like after import and export, keyed by URL, for tests of either path
 * (`busymate import`/`export --har`, the dashboard's upload and download): tool extensions
 * (`_initiator`, `_transferSize`…) are not kept, a null means "none" and is left out, and a
 * failed request's empty server address is dropped.
 */
const strip = (entry: object): Record<string, unknown> =>
  JSON.parse(JSON.stringify(entry, (key, value) => (key.startsWith("_") && key !== "_error" ? undefined : value)));

export const byUrl = (entries: HarEntry[]) =>
  Object.fromEntries(entries.map((entry) => [entry.request.url, strip(entry)]));

export function expectedAfterRoundTrip(original: HarEntry[]): Record<string, Record<string, unknown>> {
  const expected = byUrl(original);
  for (const entry of Object.values(expected)) {
    const response = entry.response as Record<string, unknown>;
    if (response._error === null) delete response._error;
    for (const cookie of [
      ...((entry.request as { cookies?: Record<string, unknown>[] }).cookies ?? []),
      ...((response.cookies as Record<string, unknown>[]) ?? []),
    ])
      if (cookie.expires === null) delete cookie.expires;
    if (entry.serverIPAddress === "") delete entry.serverIPAddress;
  }
  return expected;
}
