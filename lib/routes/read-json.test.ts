import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJson } from "./read-json";

const post = (body: string) => new Request("http://localhost/x", { method: "POST", body });
const refusal = (body: string, maxBytes?: number) =>
  readJson(post(body), z.record(z.string(), z.unknown()), maxBytes).then(
    () => undefined,
    (error: unknown) => error as AppError,
  );

describe("readJson", () => {
  // Fuzz counterexample: {"workspace_id":"…","entry_id":1,"__proto__":1} passed the strict schema,
  // because the record copy turned the key into a prototype (an object there would have supplied fields).
  it("refuses a __proto__ key, anywhere, naming it", async () => {
    expect(await refusal('{"entry_id":1,"__proto__":1}')).toMatchObject({
      code: "VALIDATION_FAILED",
      field: "__proto__",
    });
    expect(await refusal('{"a":{"__proto__":{"name":"x"}}}')).toMatchObject({ code: "VALIDATION_FAILED" });
  });

  it("answers JSON nested too deeply for the parser with a 400 that says so", async () => {
    const deep = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    expect(await refusal(deep, 1024 * 1024)).toMatchObject({
      code: "BAD_REQUEST",
      message: "The body nests too deeply.",
    });
  });

  it("answers malformed JSON and oversized bodies in the error shape", async () => {
    expect(await refusal('{"a":')).toMatchObject({ code: "BAD_REQUEST", message: "The body is not valid JSON." });
    expect(await refusal(`"${"x".repeat(20_000)}"`)).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
