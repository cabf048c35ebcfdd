import { describe, expect, it } from "vitest";
import { bodyFromBytes, isTextBody } from "./entry";

describe("captured bodies", () => {
  it("keeps readable text as text and everything else as base64", () => {
    expect(isTextBody(Buffer.from('{"a":"é"}'), "application/json")).toBe(true);
    expect(isTextBody(Buffer.from("plain words"), undefined)).toBe(true);
    expect(isTextBody(Buffer.from("a\0b"), "text/plain")).toBe(false);
    expect(isTextBody(Buffer.from("hello"), "image/png")).toBe(false);
    expect(isTextBody(Buffer.from([7, 7, 7, 7]), undefined)).toBe(false);
    expect(isTextBody(Buffer.from([0xff, 0xfe]), "text/plain")).toBe(false);
  });

  it("cuts at the limit on a character boundary and flags the cut, keeping the original size", () => {
    const text = bodyFromBytes(Buffer.from("ééé"), "text/plain", 3);
    expect(text).toEqual({ encoding: "text", content: "é", size: 6, truncated: true, mimeType: "text/plain" });
    const binary = bodyFromBytes(Buffer.from([1, 2, 3, 4, 5, 6, 7]), "application/octet-stream", 4);
    expect(binary).toMatchObject({
      encoding: "base64",
      content: Buffer.from([1, 2, 3]).toString("base64"),
      size: 7,
      truncated: true,
    });
    expect(bodyFromBytes(Buffer.from("ok"), undefined, 10)).toEqual({
      encoding: "text",
      content: "ok",
      size: 2,
      truncated: false,
    });
  });
});
