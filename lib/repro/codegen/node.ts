import type { JsonTemplate, ProgramPlan, SignatureSpec, StepPlan, Template, Value } from "../types";
import { commentText, compact, headerLines, isSingleRef, refKinds, shortPurpose, type RefKind } from "./common";

/** The plan as one Node program (ESM, `fetch` and `node:crypto` only). */

const RUNTIME = String.raw`
const jar = new Map();
const v = {};

function fail(step, message) {
  console.error("step " + step + " failed: " + message);
  process.exit(1);
}

function storeCookies(headers) {
  for (const line of headers.getSetCookie()) {
    const match = /^\s*([^=;\s]+)\s*=\s*([^;]*)/.exec(line);
    if (!match) continue;
    if (match[2] === "" || /;\s*max-age=0\b/i.test(line)) jar.delete(match[1]);
    else jar.set(match[1], match[2]);
  }
}

const query = (pairs) => (pairs.length ? "?" + new URLSearchParams(pairs).toString() : "");
const form = (pairs) => new URLSearchParams(pairs).toString();

function sign(spec, method, url, body, headers) {
  const u = new URL(url);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, value]) => [k.toLowerCase(), String(value)]));
  const text = spec.template.replace(/\{([^}]+)\}/g, (whole, token) => {
    if (token === "method") return method;
    if (token === "path") return u.pathname + u.search;
    if (token === "pathname") return u.pathname;
    if (token === "query") return u.search.slice(1);
    if (token === "host") return u.host;
    if (token === "body") return body;
    if (token === "body_sha256") return createHash("sha256").update(body).digest("hex");
    if (token.startsWith("header:")) return lower[token.slice(7).toLowerCase()] ?? "";
    return whole;
  });
  return spec.prefix + createHmac(spec.algorithm, spec.secret).update(text).digest(spec.encoding);
}

async function send(step, label, request) {
  const headers = { ...request.headers };
  const cookies = request.cookies.filter((name) => jar.has(name)).map((name) => name + "=" + jar.get(name));
  if (cookies.length) headers.Cookie = [headers.Cookie, ...cookies].filter(Boolean).join("; ");
  if (request.sign) headers[request.sign.header] = sign(request.sign, request.method, request.url, request.body ?? "", headers);
  let response;
  try {
    response = await fetch(request.url, { method: request.method, headers, body: request.body, redirect: "manual" });
  } catch (error) {
    fail(step, request.method + " " + request.url + ": " + (error.cause?.message ?? error.message));
  }
  storeCookies(response.headers);
  const text = await response.text();
  console.log("step " + step + ": " + request.method + " " + new URL(request.url).pathname + " -> " + response.status + " (" + label + ")");
  if (Math.floor(response.status / 100) !== Math.floor(request.expect / 100))
    fail(step, "expected HTTP " + request.expect + ", got " + response.status + ": " + text.slice(0, 300));
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, url: request.url };
}

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt);/gi, (whole, e) => {
    const l = e.toLowerCase();
    if (l.startsWith("#x")) return String.fromCodePoint(parseInt(l.slice(2), 16));
    if (l.startsWith("#")) return String.fromCodePoint(parseInt(l.slice(1), 10));
    return { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" }[l] ?? whole;
  });
}

function htmlField(text, tag, name) {
  let found;
  for (const match of text.matchAll(new RegExp("<" + tag + "\\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", "gi"))) {
    const attrs = {};
    for (const a of match[1].matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g))
      attrs[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? "";
    const field = attrs.name ?? (tag === "meta" ? attrs.property : undefined);
    const value = attrs[tag === "input" ? "value" : "content"];
    if (field !== undefined && decodeEntities(field) === name && value) found = decodeEntities(value);
  }
  return found;
}

function take(step, response, source, label) {
  let value;
  const location = response.headers.get("location");
  if (source.from === "json") value = source.path.reduce((node, key) => (node == null ? undefined : node[key]), response.json);
  else if (source.from === "header") value = response.headers.get(source.name) ?? undefined;
  else if (source.from === "cookie") value = jar.get(source.name);
  else if (source.from === "location") value = location ? new URL(location, response.url).href : undefined;
  else if (source.from === "location-param" && location) {
    const u = new URL(location, response.url);
    value = u.searchParams.get(source.name) ?? new URLSearchParams(u.hash.slice(1)).get(source.name) ?? undefined;
  } else if (source.from === "html") value = htmlField(response.text, source.kind, source.name);
  if (typeof value !== "string" || value === "") fail(step, "the response did not hand out " + label);
  return value;
}
`;

const js = JSON.stringify;

function literalPiece(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

export class NodeRenderer {
  private readonly kinds: Map<string, RefKind>;

  constructor(private readonly plan: ProgramPlan) {
    this.kinds = refKinds(plan);
  }

  ref(name: string): string {
    return this.kinds.get(name) === "extract" ? `v.${name}` : name;
  }

  template(raw: Template): string {
    const parts = compact(raw);
    if (parts.length === 0) return '""';
    if (isSingleRef(parts)) return this.ref(parts[0].ref);
    if (parts.every((p) => typeof p === "string")) return js(parts.join(""));
    return (
      "`" + parts.map((p) => (typeof p === "string" ? literalPiece(p) : "${" + this.ref(p.ref) + "}")).join("") + "`"
    );
  }

  private json(node: JsonTemplate, indent: string): string {
    switch (node.kind) {
      case "string":
        return this.template(node.parts);
      case "literal":
        return js(node.value);
      case "array":
        return `[${node.items.map((item) => this.json(item, indent)).join(", ")}]`;
      case "object":
        if (node.entries.length === 0) return "{}";
        return `{ ${node.entries.map(([k, value]) => `${js(k)}: ${this.json(value, indent)}`).join(", ")} }`;
    }
  }

  private pairs(pairs: [string, Template][]): string {
    return `[${pairs.map(([k, value]) => `[${js(k)}, ${this.template(value)}]`).join(", ")}]`;
  }

  private global(value: Value): string {
    switch (value.kind) {
      case "origin":
        return `const ${value.name} = process.env.${value.name} || ${js(value.default)};`;
      case "env":
        return `const ${value.name} = need(${js(value.name)}, ${js(value.description)});`;
      case "random":
        return `const ${value.name} = randomBytes(${value.bytes}).toString(${js(value.encoding)}); // ${value.why}`;
      case "pkce-challenge":
        return `const ${value.name} = createHash("sha256").update(${value.verifier}).digest("base64url");`;
      case "basic":
        return `const ${value.name} = Buffer.from(\`\${${value.user}}:\${${value.password}}\`).toString("base64");`;
      default:
        return "";
    }
  }

  private fresh(value: Value): string {
    if (value.kind === "timestamp")
      return value.unit === "s"
        ? `const ${value.name} = String(Math.floor(Date.now() / 1000));`
        : `const ${value.name} = String(Date.now());`;
    if (value.kind === "uuid") return `const ${value.name} = randomUUID();`;
    return "";
  }

  private url(step: StepPlan): string {
    if (step.url) return this.template(step.url);
    const base = this.template([{ ref: step.origin! }, ...step.path]);
    return step.query ? `${base} + query(${this.pairs(step.query)})` : base;
  }

  private body(step: StepPlan): string | null {
    const body = step.body;
    if (!body) return null;
    if (body.kind === "json") return `JSON.stringify(${this.json(body.value, "")})`;
    if (body.kind === "form") return `form(${this.pairs(body.pairs)})`;
    return this.template(body.parts);
  }

  private signSpec(spec: SignatureSpec): string {
    const { secret, ...rest } = spec;
    return `{ ...${js(rest)}, secret: ${this.ref(secret)} }`;
  }

  step(step: StepPlan): string {
    const lines = [`  // ${step.index}. ${commentText(step.purpose)} (entry ${step.entryId})`, "  {"];
    for (const value of step.fresh) lines.push(`    ${this.fresh(value)}`);
    const headers = [...step.headers];
    if (step.body && !headers.some(([name]) => name.toLowerCase() === "content-type"))
      headers.push(["Content-Type", [step.body.contentType]]);
    const body = this.body(step);
    lines.push(
      `    const response = await send(${step.index}, ${js(shortPurpose(step))}, {`,
      `      method: ${js(step.method)},`,
      `      url: ${this.url(step)},`,
      `      headers: { ${headers.map(([name, value]) => `${js(name)}: ${this.template(value)}`).join(", ")} },`,
      `      cookies: ${js(step.cookies)},`,
      ...(body ? [`      body: ${body},`] : []),
      ...(step.sign ? [`      sign: ${this.signSpec(step.sign)},`] : []),
      `      expect: ${step.expectStatus},`,
      "    });",
    );
    if (step.extracts.length === 0) lines.push("    void response;");
    for (const e of step.extracts)
      lines.push(`    v.${e.name} = take(${step.index}, response, ${js(e.source)}, ${js(e.label)});`);
    lines.push("  }");
    return lines.join("\n");
  }

  render(run: string): string {
    const plan = this.plan;
    const globals = [...plan.origins, ...plan.globals].map((value) => this.global(value)).filter(Boolean);
    return [
      "#!/usr/bin/env node",
      ...headerLines(plan, run, "//"),
      'import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";',
      "",
      "function need(name, description) {",
      "  const value = process.env[name];",
      "  if (!value) {",
      '    console.error("Set the environment variable " + name + ": " + description);',
      "    process.exit(2);",
      "  }",
      "  return value;",
      "}",
      "",
      ...globals,
      RUNTIME,
      "async function main() {",
      ...plan.steps.map((step) => this.step(step)),
      '  console.log("flow completed: " + ' + js(`${plan.steps.length} steps`) + ");",
      "}",
      "",
      "main().catch((error) => {",
      '  console.error("repro failed: " + (error?.message ?? error));',
      "  process.exit(1);",
      "});",
      "",
    ].join("\n");
  }
}

export function renderNode(plan: ProgramPlan): { files: { name: string; content: string }[]; run: string } {
  const run = "node repro.mjs";
  return { files: [{ name: "repro.mjs", content: new NodeRenderer(plan).render(run) }], run };
}
