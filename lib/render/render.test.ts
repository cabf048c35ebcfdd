import { describe, expect, it } from "vitest";
import { formatBytes } from "@/lib/feed/format";
import { keptBytes, renderBody, truncationNotice } from "./body";
import { filterHeaders, headerValue } from "./headers";
import { hexLines } from "./hex";
import { detectImage } from "./image";
import { containerPaths, jsonTree } from "./json-tree";

const b64 = (bytes: number[]) => btoa(String.fromCharCode(...bytes));
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

describe("body kinds", () => {
  it("parses JSON, and shows JSON that does not parse (truncated) as text", () => {
    expect(renderBody({ encoding: "text", content: '{"a":[1,2]}', mimeType: "application/json" })).toMatchObject({
      kind: "json",
      value: { a: [1, 2] },
    });
    expect(renderBody({ encoding: "text", content: '{"a":[1,', mimeType: "application/json" })).toEqual({
      kind: "text",
      text: '{"a":[1,',
    });
    expect(renderBody({ encoding: "text", content: "[1]" })).toMatchObject({ kind: "json" });
    expect(
      renderBody({ encoding: "text", content: '{"x":1}' }, "application/vnd.api+json; charset=utf-8"),
    ).toMatchObject({ kind: "json" });
  });

  it("recognises images by their bytes whatever the content type says", () => {
    const body = renderBody({ encoding: "base64", content: b64(PNG), mimeType: "application/octet-stream" });
    expect(body).toEqual({ kind: "image", mimeType: "image/png", dataUrl: `data:image/png;base64,${b64(PNG)}` });
    expect(detectImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(
      detectImage(
        new Uint8Array([...new TextEncoder().encode("RIFF"), 0, 0, 0, 0, ...new TextEncoder().encode("WEBP")]),
      ),
    ).toBe("image/webp");
    expect(detectImage(new TextEncoder().encode("GIF89a"))).toBe("image/gif");
    expect(detectImage(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(renderBody({ encoding: "text", content: "<svg/>", mimeType: "image/svg+xml" })).toMatchObject({
      kind: "image",
      mimeType: "image/svg+xml",
    });
  });

  it("decodes base64 text, and keeps real binary as bytes", () => {
    expect(renderBody({ encoding: "base64", content: btoa("hello") })).toEqual({ kind: "text", text: "hello" });
    const binary = renderBody({ encoding: "base64", content: b64([0, 1, 2, 255]) });
    expect(binary.kind).toBe("binary");
    expect(binary.kind === "binary" && [...binary.bytes]).toEqual([0, 1, 2, 255]);
  });

  it("forgives a UTF-8 character cut at the end by truncation", () => {
    const bytes = [...new TextEncoder().encode("grüß")].slice(0, -1);
    expect(renderBody({ encoding: "base64", content: b64(bytes) })).toEqual({ kind: "text", text: "grü" });
  });

  it("says how much of a truncated body is shown", () => {
    expect(truncationNotice({ encoding: "text", content: "abc", size: 2048, truncated: true }, formatBytes)).toBe(
      "Truncated by the capturing device: showing the first 3 B of 2.0 KB.",
    );
    expect(truncationNotice({ encoding: "text", content: "abc", size: 3, truncated: false }, formatBytes)).toBeNull();
    expect(keptBytes({ encoding: "base64", content: b64([1, 2, 3, 4]) })).toBe(4);
    expect(renderBody(undefined)).toEqual({ kind: "empty" });
  });
});

describe("hex dump", () => {
  it("writes offset, two groups of eight and printable ASCII", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("Hello, binary!!\n"), 0x00, 0xff]);
    expect(hexLines(bytes)).toEqual([
      { offset: "00000000", hex: "48 65 6c 6c 6f 2c 20 62  69 6e 61 72 79 21 21 0a", ascii: "Hello, binary!!." },
      { offset: "00000010", hex: "00 ff".padEnd(48), ascii: ".." },
    ]);
    expect(hexLines(bytes, 1, 1)).toHaveLength(1);
  });
});

describe("headers", () => {
  const headers = [
    { name: "Content-Type", value: "application/json" },
    { name: "X-Request-Id", value: "abc" },
  ];
  it("finds by name or value in any case", () => {
    expect(filterHeaders(headers, "JSON").map((h) => h.name)).toEqual(["Content-Type"]);
    expect(filterHeaders(headers, "request")).toHaveLength(1);
    expect(filterHeaders(headers, " ")).toHaveLength(2);
    expect(headerValue(headers, "content-type")).toBe("application/json");
  });
});

describe("JSON tree", () => {
  const value = { user: { id: 7, tags: ["a", "b"] }, ok: true, note: null };

  it("opens two levels by default, with brackets and commas where JSON has them", () => {
    const lines = jsonTree(value).rows.map((r) =>
      r.type === "value"
        ? `${"  ".repeat(r.depth)}${r.key ?? ""}=${r.text}${r.comma ? "," : ""}`
        : r.type === "open"
          ? `${"  ".repeat(r.depth)}${r.key ?? ""}${r.expanded ? (r.kind === "array" ? "[" : "{") : `${r.kind === "array" ? "[…]" : "{…}"}(${r.size})${r.comma ? "," : ""}`}`
          : r.type === "close"
            ? `${"  ".repeat(r.depth)}${r.kind === "array" ? "]" : "}"}${r.comma ? "," : ""}`
            : `more ${r.hidden}`,
    );
    expect(lines).toEqual(["{", "  user{", "    id=7,", "    tags[…](2)", "  },", "  ok=true,", "  note=null", "}"]);
  });

  it("follows explicit opens and closes", () => {
    const rows = jsonTree(value, {
      overrides: new Map([
        ["/user/tags", true],
        ["/user", true],
        ["", true],
      ]),
    }).rows;
    expect(rows.filter((r) => r.type === "value").map((r) => r.type === "value" && r.text)).toEqual([
      "7",
      '"a"',
      '"b"',
      "true",
      "null",
    ]);
    const closed = jsonTree(value, { overrides: new Map([["/user", false]]) }).rows;
    expect(closed.find((r) => r.path === "/user")).toMatchObject({
      type: "open",
      expanded: false,
      size: 2,
      comma: true,
    });
  });

  it("shows long arrays in part, with a row for the rest, and caps the rows", () => {
    const big = Array.from({ length: 1200 }, (_, i) => i);
    const { rows } = jsonTree(big, { maxChildren: 100 });
    expect(rows.at(-2)).toEqual({ type: "more", path: "", depth: 1, hidden: 1100 });
    expect(jsonTree(big, { maxChildren: 100, childLimits: new Map([["", 1200]]) }).rows).toHaveLength(1202);
    expect(jsonTree(big, { maxChildren: 5000, maxRows: 50 }).cut).toBe(true);
  });

  it("escapes keys into JSON-pointer paths", () => {
    expect(containerPaths({ "a/b": { "c~": [] } })).toEqual(["", "/a~1b", "/a~1b/c~0"]);
  });
});
