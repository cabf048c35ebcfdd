import { describe, expect, it } from "vitest";
import { draftOfRetention, parseRetention } from "./retention";

describe("retention draft", () => {
  it("reads empty fields as no limit and MiB as bytes", () => {
    expect(parseRetention({ days: "", capMib: " " })).toEqual({ ok: true, days: null, max_bytes: null });
    expect(parseRetention({ days: "30", capMib: "16" })).toEqual({ ok: true, days: 30, max_bytes: 16 * 1024 * 1024 });
    expect(parseRetention({ days: "", capMib: "1.5" })).toMatchObject({ ok: false, field: "cap" });
  });

  it("names the field a bad value is in", () => {
    expect(parseRetention({ days: "0", capMib: "" })).toMatchObject({ ok: false, field: "days" });
    expect(parseRetention({ days: "2.5", capMib: "" })).toMatchObject({ ok: false, field: "days" });
    expect(parseRetention({ days: "7", capMib: "lots" })).toMatchObject({ ok: false, field: "cap" });
  });

  it("round-trips the saved setting through the form", () => {
    const answer = {
      retention_days: 14,
      retention_max_bytes: 2 * 1024 ** 3,
      updated_at: null,
      updated_by: null,
      estimate: { partitions: [], freed_bytes: 0, cutoff: null, default_rows: 0, total_bytes: 0 },
    };
    const draft = draftOfRetention(answer);
    expect(draft).toEqual({ days: "14", capMib: "2048" });
    expect(parseRetention(draft)).toEqual({ ok: true, days: 14, max_bytes: 2 * 1024 ** 3 });
  });
});
