import type { JsonTemplate, ProgramPlan, SignatureSpec, StepPlan, Template, Value } from "../types";
import { commentText, compact, headerLines, refKinds, shortPurpose, type RefKind } from "./common";

/** The plan as one Python 3 program (standard library only: urllib, hashlib, hmac, secrets). */

const RUNTIME = String.raw`
jar = {}
v = {}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fail(step, message):
    print(f"step {step} failed: {message}", file=sys.stderr)
    sys.exit(1)


def store_cookies(headers):
    for line in headers.get_all("Set-Cookie") or []:
        match = re.match(r"\s*([^=;\s]+)\s*=\s*([^;]*)", line)
        if not match:
            continue
        if match.group(2) == "" or re.search(r";\s*max-age=0\b", line, re.I):
            jar.pop(match.group(1), None)
        else:
            jar[match.group(1)] = match.group(2)


def query(pairs):
    return "?" + urllib.parse.urlencode(pairs) if pairs else ""


def form(pairs):
    return urllib.parse.urlencode(pairs)


def sign(spec, method, url, body, headers):
    parts = urllib.parse.urlsplit(url)
    lower = {k.lower(): str(value) for k, value in headers.items()}

    def token(match):
        name = match.group(1)
        if name == "method":
            return method
        if name == "path":
            return parts.path + ("?" + parts.query if parts.query else "")
        if name == "pathname":
            return parts.path
        if name == "query":
            return parts.query
        if name == "host":
            return parts.netloc
        if name == "body":
            return body
        if name == "body_sha256":
            return hashlib.sha256(body.encode()).hexdigest()
        if name.startswith("header:"):
            return lower.get(name[7:].lower(), "")
        return match.group(0)

    text = re.sub(r"\{([^}]+)\}", token, spec["template"])
    digest = hmac.new(spec["secret"].encode(), text.encode(), spec["algorithm"]).digest()
    encoded = digest.hex() if spec["encoding"] == "hex" else base64.b64encode(digest).decode()
    return spec["prefix"] + encoded


def send(step, label, method, url, headers, cookies, body=None, expect=200, sign_spec=None):
    headers = dict(headers)
    sent = [f"{name}={jar[name]}" for name in cookies if name in jar]
    if sent:
        headers["Cookie"] = "; ".join([c for c in [headers.get("Cookie")] if c] + sent)
    if sign_spec:
        headers[sign_spec["header"]] = sign(sign_spec, method, url, body or "", headers)
    data = body.encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        response = _opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    except (urllib.error.URLError, OSError) as error:
        fail(step, f"{method} {url}: {error}")
    status = response.getcode()
    text = response.read().decode("utf-8", "replace")
    store_cookies(response.headers)
    print(f"step {step}: {method} {urllib.parse.urlsplit(url).path} -> {status} ({label})")
    if status // 100 != expect // 100:
        fail(step, f"expected HTTP {expect}, got {status}: {text[:300]}")
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return {"status": status, "headers": response.headers, "text": text, "json": parsed, "url": url}


def html_field(text, tag, name):
    found = None
    for match in re.finditer(r"<" + tag + r"\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", text, re.I):
        attrs = {}
        for a in re.finditer(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?", match.group(1)):
            attrs[a.group(1).lower()] = next((g for g in a.groups()[1:] if g is not None), "")
        field = attrs.get("name", attrs.get("property") if tag == "meta" else None)
        value = attrs.get("value" if tag == "input" else "content")
        if field is not None and html.unescape(field) == name and value:
            found = html.unescape(value)
    return found


def take(step, response, source, label):
    value = None
    location = response["headers"].get("Location")
    kind = source["from"]
    if kind == "json":
        value = response["json"]
        for key in source["path"]:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                value = None
    elif kind == "header":
        value = response["headers"].get(source["name"])
    elif kind == "cookie":
        value = jar.get(source["name"])
    elif kind == "location" and location:
        value = urllib.parse.urljoin(response["url"], location)
    elif kind == "location-param" and location:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(response["url"], location))
        value = dict(urllib.parse.parse_qsl(parts.query)).get(source["name"]) or dict(
            urllib.parse.parse_qsl(parts.fragment)
        ).get(source["name"])
    elif kind == "html":
        value = html_field(response["text"], source["kind"], source["name"])
    if not isinstance(value, str) or value == "":
        fail(step, f"the response did not hand out {label}")
    return value
`;

const py = (text: string) => JSON.stringify(text);

export class PythonRenderer {
  private readonly kinds: Map<string, RefKind>;

  constructor(private readonly plan: ProgramPlan) {
    this.kinds = refKinds(plan);
  }

  ref(name: string): string {
    return this.kinds.get(name) === "extract" ? `v[${py(name)}]` : name;
  }

  template(raw: Template): string {
    const parts = compact(raw);
    if (parts.length === 0) return '""';
    return parts.map((p) => (typeof p === "string" ? py(p) : this.ref(p.ref))).join(" + ");
  }

  private json(node: JsonTemplate): string {
    switch (node.kind) {
      case "string":
        return this.template(node.parts);
      case "literal":
        return node.value === null
          ? "None"
          : typeof node.value === "boolean"
            ? node.value
              ? "True"
              : "False"
            : String(node.value);
      case "array":
        return `[${node.items.map((item) => this.json(item)).join(", ")}]`;
      case "object":
        return `{${node.entries.map(([k, value]) => `${py(k)}: ${this.json(value)}`).join(", ")}}`;
    }
  }

  private pairs(pairs: [string, Template][]): string {
    return `[${pairs.map(([k, value]) => `(${py(k)}, ${this.template(value)})`).join(", ")}]`;
  }

  private global(value: Value): string {
    switch (value.kind) {
      case "origin":
        return `${value.name} = os.environ.get(${py(value.name)}) or ${py(value.default)}`;
      case "env":
        return `${value.name} = need(${py(value.name)}, ${py(value.description)})`;
      case "random":
        return value.encoding === "hex"
          ? `${value.name} = secrets.token_hex(${value.bytes})  # ${value.why}`
          : `${value.name} = base64.urlsafe_b64encode(secrets.token_bytes(${value.bytes})).rstrip(b"=").decode()  # ${value.why}`;
      case "pkce-challenge":
        return `${value.name} = base64.urlsafe_b64encode(hashlib.sha256(${value.verifier}.encode()).digest()).rstrip(b"=").decode()`;
      case "basic":
        return `${value.name} = base64.b64encode((${value.user} + ":" + ${value.password}).encode()).decode()`;
      default:
        return "";
    }
  }

  private fresh(value: Value): string {
    if (value.kind === "timestamp")
      return value.unit === "s"
        ? `${value.name} = str(int(time.time()))`
        : `${value.name} = str(int(time.time() * 1000))`;
    if (value.kind === "uuid") return `${value.name} = str(uuid.uuid4())`;
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
    if (body.kind === "json") return `json.dumps(${this.json(body.value)}, separators=(",", ":"))`;
    if (body.kind === "form") return `form(${this.pairs(body.pairs)})`;
    return this.template(body.parts);
  }

  private signSpec(spec: SignatureSpec): string {
    const { secret, ...rest } = spec;
    return `dict(${JSON.stringify(rest)}, secret=${this.ref(secret)})`;
  }

  step(step: StepPlan): string {
    const lines = [`    # ${step.index}. ${commentText(step.purpose)} (entry ${step.entryId})`];
    for (const value of step.fresh) lines.push(`    ${this.fresh(value)}`);
    const headers = [...step.headers];
    if (step.body && !headers.some(([name]) => name.toLowerCase() === "content-type"))
      headers.push(["Content-Type", [step.body.contentType]]);
    const body = this.body(step);
    const args = [
      String(step.index),
      py(shortPurpose(step)),
      py(step.method),
      this.url(step),
      `{${headers.map(([name, value]) => `${py(name)}: ${this.template(value)}`).join(", ")}}`,
      JSON.stringify(step.cookies),
      ...(body ? [`body=${body}`] : []),
      `expect=${step.expectStatus}`,
      ...(step.sign ? [`sign_spec=${this.signSpec(step.sign)}`] : []),
    ];
    lines.push(`    response = send(\n        ${args.join(",\n        ")},\n    )`);
    for (const e of step.extracts)
      lines.push(`    v[${py(e.name)}] = take(${step.index}, response, ${JSON.stringify(e.source)}, ${py(e.label)})`);
    return lines.join("\n");
  }

  render(run: string): string {
    const plan = this.plan;
    const globals = [...plan.origins, ...plan.globals].map((value) => this.global(value)).filter(Boolean);
    return [
      "#!/usr/bin/env python3",
      ...headerLines(plan, run, "#"),
      "import base64",
      "import hashlib",
      "import hmac",
      "import html",
      "import json",
      "import os",
      "import re",
      "import secrets",
      "import sys",
      "import time",
      "import urllib.error",
      "import urllib.parse",
      "import urllib.request",
      "import uuid",
      "",
      "",
      "def need(name, description):",
      "    value = os.environ.get(name)",
      "    if not value:",
      '        print(f"Set the environment variable {name}: {description}", file=sys.stderr)',
      "        sys.exit(2)",
      "    return value",
      "",
      "",
      ...globals,
      RUNTIME,
      "",
      "def main():",
      ...plan.steps.map((step) => this.step(step)),
      `    print(${py(`flow completed: ${plan.steps.length} steps`)})`,
      "",
      "",
      'if __name__ == "__main__":',
      "    main()",
      "",
    ].join("\n");
  }
}

export function renderPython(plan: ProgramPlan): { files: { name: string; content: string }[]; run: string } {
  const run = "python3 repro.py";
  return { files: [{ name: "repro.py", content: new PythonRenderer(plan).render(run) }], run };
}
