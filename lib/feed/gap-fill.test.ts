import { describe, expect, it } from "vitest";
import { fetchNewerThan } from "./gap-fill";
import type { FeedRow } from "./types";

const row = (id: number) => ({ id }) as FeedRow;

/** A server holding ids 1..n, answering like entries_filtered_list. */
function server(n: number) {
  const calls: (number | null)[] = [];
  const fetchPage = async (before: number | null, limit: number) => {
    calls.push(before);
    const top = before === null ? n : before - 1;
    return Array.from({ length: Math.max(0, Math.min(limit, top)) }, (_, i) => row(top - i));
  };
  return { fetchPage, calls };
}

describe("gap fill", () => {
  it("walks back until it overlaps the newest known row", async () => {
    const { fetchPage, calls } = server(1000);
    const { rows, complete } = await fetchNewerThan(fetchPage, 880, { limit: 50 });
    expect(complete).toBe(true);
    expect(rows.filter((r) => r.id > 880)).toHaveLength(120);
    expect(calls).toEqual([null, 951, 901]);
  });

  it("stops at the first page when little was missed", async () => {
    const { fetchPage, calls } = server(1000);
    const { rows } = await fetchNewerThan(fetchPage, 997, { limit: 50 });
    expect(rows.filter((r) => r.id > 997).map((r) => r.id)).toEqual([1000, 999, 998]);
    expect(calls).toHaveLength(1);
  });

  it("gives up on a gap wider than its pages", async () => {
    const { fetchPage } = server(10_000);
    expect((await fetchNewerThan(fetchPage, 10, { limit: 50, maxPages: 3 })).complete).toBe(false);
  });

  it("takes the newest page for an empty list, and copes with an empty feed", async () => {
    expect((await fetchNewerThan(server(30).fetchPage, null, { limit: 50 })).rows).toHaveLength(30);
    expect(await fetchNewerThan(server(0).fetchPage, 5, { limit: 50 })).toEqual({ rows: [], complete: true });
  });
});
