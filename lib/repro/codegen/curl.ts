import type { JsonTemplate, ProgramPlan, SignatureSpec, StepPlan, Template, Value } from "../types";
import { commentText, compact, headerLines, refKinds, shortPurpose, type RefKind } from "./common";

/**
 * The plan as a POSIX sh script around curl. Cookies are kept by the script itself (not
 * curl's engine) so they behave as in the Node and Python programs; PKCE and HMAC signatures
 * use openssl, and the script says so when it needs it.
 */

const RUNTIME = String.raw`
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar="$work/jar"
: > "$jar"

fail() { echo "step $1 failed: $2" >&2; exit 1; }
urlenc() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n' | sed 's/\(..\)/%\1/g'; }
urldec() {
  printf '%s' "$1" | awk 'function h(c) { return index("0123456789abcdef", tolower(c)) - 1 }
    { s = $0; gsub(/\+/, " ", s); out = ""
      while (match(s, /%[0-9A-Fa-f][0-9A-Fa-f]/)) { out = out substr(s, 1, RSTART - 1) sprintf("%c", h(substr(s, RSTART + 1, 1)) * 16 + h(substr(s, RSTART + 2, 1))); s = substr(s, RSTART + 3) }
      printf "%s", out s }'
}
jsonesc() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
random_b64url() { head -c "$1" /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'; }
path_of() { printf '%s' "$1" | sed 's#^[A-Za-z]*://[^/]*##'; }
origin_of() { printf '%s' "$1" | sed 's#^\([A-Za-z]*://[^/]*\).*#\1#'; }
cookie() { awk -F '\t' -v n="$1" '$1 == n { v = $2 } END { printf "%s", v }' "$jar"; }
hdr() { tr -d '\r' < "$work/headers" | awk -v n="$1" 'BEGIN { n = tolower(n) } { i = index($0, ":"); if (i && tolower(substr($0, 1, i - 1)) == n) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v); print v; exit } }'; }

store_cookies() {
  tr -d '\r' < "$work/headers" | awk 'tolower(substr($0, 1, 11)) == "set-cookie:" { print substr($0, 12) }' | while IFS= read -r line; do
    line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//')
    name=\${line%%=*}
    rest=\${line#*=}
    value=\${rest%%;*}
    awk -F '\t' -v n="$name" '$1 != n' "$jar" > "$jar.tmp"
    mv "$jar.tmp" "$jar"
    case "$line" in
      *[Mm][Aa][Xx]-[Aa][Gg][Ee]=0*) ;;
      *) [ -n "$value" ] && printf '%s\t%s\n' "$name" "$value" >> "$jar" ;;
    esac
  done
}

json_str() {
  tr -d '\n' < "$work/body" | grep -o "\"$1\"[[:space:]]*:[[:space:]]*\"[^\"]*\"" | head -n 1 | sed 's/^.*:[[:space:]]*"//; s/"$//'
}

html_field() {
  tr -d '\n' < "$work/body" | grep -o "<$1[^>]*>" | grep "name=[\"']$2[\"']" | tail -n 1 |
    sed -n "s/.*[[:space:]]$3=[\"']\([^\"']*\)[\"'].*/\1/p" |
    sed 's/&quot;/"/g; s/&#39;/'"'"'/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
}

# send STEP LABEL EXPECT METHOD URL [curl options…]; the request body, if any, is in $work/req.
send() {
  step=$1; label=$2; expect=$3; method=$4; url=$5; shift 5
  status=$(curl -sS -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" "$url") || fail "$step" "$method $url: curl failed"
  store_cookies
  echo "step $step: $method $(path_of "$url" | sed 's/?.*//') -> $status ($label)"
  case "$status" in
    \${expect%??}??) ;;
    *) fail "$step" "expected HTTP $expect, got $status: $(head -c 300 "$work/body")" ;;
  esac
}

loc_param() {
  printf '%s' "$1" | awk -v n="$2" '{ sub(/^[^?#]*[?#]/, ""); c = split($0, kv, /[&#]/); for (i = 1; i <= c; i++) { e = index(kv[i], "="); if (e && substr(kv[i], 1, e - 1) == n) { print substr(kv[i], e + 1); exit } } }'
}

need_value() { [ -n "$2" ] || fail "$1" "the response did not hand out $3"; }
`.replace(/\\\$\{/g, "${");

/** Text inside a double-quoted sh word. */
const dq = (text: string) => text.replace(/[\\"$`]/g, (c) => `\\${c}`);
const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export class CurlRenderer {
  private readonly kinds: Map<string, RefKind>;

  constructor(private readonly plan: ProgramPlan) {
    this.kinds = refKinds(plan);
  }

  private variable(name: string): string {
    return this.kinds.get(name) === "extract" ? `v_${name}` : name;
  }

  /** The inside of a double-quoted word for a template, each part transformed. */
  private inner(parts: Template, literal: (t: string) => string, ref: (expansion: string) => string): string {
    return compact(parts)
      .map((p) => (typeof p === "string" ? dq(literal(p)) : ref(`\${${this.variable(p.ref)}}`)))
      .join("");
  }

  word(parts: Template): string {
    return `"${this.inner(
      parts,
      (t) => t,
      (e) => e,
    )}"`;
  }

  private encoded(parts: Template): string {
    return this.inner(parts, encodeURIComponent, (e) => `$(urlenc "${e}")`);
  }

  private pairs(pairs: [string, Template][]): string {
    return pairs.map(([k, value]) => `${dq(encodeURIComponent(k))}=${this.encoded(value)}`).join("&");
  }

  private json(node: JsonTemplate): string {
    switch (node.kind) {
      case "string":
        return `\\"${this.inner(
          node.parts,
          (t) => JSON.stringify(t).slice(1, -1),
          (e) => `$(jsonesc "${e}")`,
        )}\\"`;
      case "literal":
        return JSON.stringify(node.value);
      case "array":
        return `[${node.items.map((item) => this.json(item)).join(",")}]`;
      case "object":
        return `{${node.entries.map(([k, value]) => `${dq(JSON.stringify(k))}:${this.json(value)}`).join(",")}}`;
    }
  }

  private global(value: Value): string {
    switch (value.kind) {
      case "origin":
        return `${value.name}="\${${value.name}:-${dq(value.default)}}"`;
      case "env":
        return `need ${value.name} ${sq(value.description)}`;
      case "random":
        return value.encoding === "hex"
          ? `${value.name}=$(random_hex ${value.bytes}) # ${value.why}`
          : `${value.name}=$(random_b64url ${value.bytes}) # ${value.why}`;
      case "pkce-challenge":
        return `${value.name}=$(printf '%s' "$${value.verifier}" | openssl dgst -sha256 -binary | base64 | tr -d '\\n=' | tr '+/' '-_')`;
      case "basic":
        return `${value.name}=$(printf '%s:%s' "$${value.user}" "$${value.password}" | base64 | tr -d '\\n')`;
      default:
        return "";
    }
  }

  private fresh(value: Value): string {
    if (value.kind === "timestamp")
      return value.unit === "s" ? `${value.name}=$(date +%s)` : `${value.name}="$(date +%s)000"`;
    if (value.kind === "uuid") return `${value.name}=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || random_hex 16)`;
    return "";
  }

  private url(step: StepPlan): string {
    if (step.url) return this.word(step.url);
    const base = this.inner(
      [{ ref: step.origin! }, ...step.path],
      (t) => t,
      (e) => e,
    );
    return `"${base}${step.query ? `?${this.pairs(step.query)}` : ""}"`;
  }

  private signature(spec: SignatureSpec, step: StepPlan, headers: [string, Template][]): string[] {
    const args: string[] = [];
    const format = spec.template.replace(
      /\{([^}]+)\}|([^{]+|\{)/g,
      (_whole, token: string | undefined, text: string | undefined) => {
        if (token === undefined) return (text ?? "").replace(/%/g, "%%").replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
        if (token === "method") args.push(sq(step.method));
        else if (token === "path") args.push('"$(path_of "$url")"');
        else if (token === "pathname") args.push('"$(path_of "$url" | sed \'s/?.*//\')"');
        else if (token === "query") args.push('"$(path_of "$url" | sed -n \'s/^[^?]*?//p\')"');
        else if (token === "host") args.push('"$(origin_of "$url" | sed \'s#^[A-Za-z]*://##\')"');
        else if (token === "body") args.push('"$(cat "$work/req")"');
        else if (token === "body_sha256") args.push('"$(openssl dgst -sha256 < "$work/req" | sed \'s/^.* //\')"');
        else if (token.startsWith("header:")) {
          const found = headers.find(([name]) => name.toLowerCase() === token.slice(7).toLowerCase());
          args.push(found ? this.word(found[1]) : '""');
        } else return `{${token}}`;
        return "%s";
      },
    );
    const digest =
      spec.encoding === "hex"
        ? `openssl dgst -${spec.algorithm} -hmac "$${this.variable(spec.secret)}" | sed 's/^.* //'`
        : `openssl dgst -${spec.algorithm} -hmac "$${this.variable(spec.secret)}" -binary | base64 | tr -d '\\n'`;
    return [
      `  signature=${sq(spec.prefix)}$(printf ${sq(format)} ${args.join(" ")} | ${digest})`,
      `  set -- "$@" -H ${this.word([`${spec.header}: `])}"$signature"`,
    ];
  }

  step(step: StepPlan): string {
    const lines = [`# ${step.index}. ${commentText(step.purpose)} (entry ${step.entryId})`];
    for (const value of step.fresh) lines.push(this.fresh(value));
    const headers = [...step.headers];
    if (step.body && !headers.some(([name]) => name.toLowerCase() === "content-type"))
      headers.push(["Content-Type", [step.body.contentType]]);
    lines.push(`url=${this.url(step)}`, "set --");
    for (const [name, value] of headers) lines.push(`set -- "$@" -H ${this.word([`${name}: `, ...value])}`);
    if (step.cookies.length) {
      lines.push('cookies=""');
      lines.push(
        `for name in ${step.cookies.map(sq).join(" ")}; do c=$(cookie "$name"); [ -z "$c" ] || cookies="\${cookies:+$cookies; }$name=$c"; done`,
      );
      lines.push('[ -z "$cookies" ] || set -- "$@" -H "Cookie: $cookies"');
    }
    const body = step.body;
    if (body) {
      const text =
        body.kind === "json"
          ? `"${this.json(body.value)}"`
          : body.kind === "form"
            ? `"${this.pairs(body.pairs)}"`
            : this.word(body.parts);
      lines.push(`printf '%s' ${text} > "$work/req"`, 'set -- "$@" --data-binary @"$work/req"');
    } else lines.push(': > "$work/req"');
    if (step.sign) lines.push(...this.signature(step.sign, step, headers).map((l) => l.trimStart()));
    lines.push(`send ${step.index} ${sq(shortPurpose(step))} ${step.expectStatus} ${step.method} "$url" "$@"`);
    for (const e of step.extracts) {
      const target = `v_${e.name}`;
      const source = e.source;
      if (source.from === "json") {
        const key = String([...source.path].reverse().find((p) => typeof p === "string") ?? e.label);
        lines.push(`${target}=$(json_str ${sq(key)})`);
      } else if (source.from === "header") lines.push(`${target}=$(hdr ${sq(source.name)})`);
      else if (source.from === "cookie") lines.push(`${target}=$(cookie ${sq(source.name)})`);
      else if (source.from === "html")
        lines.push(
          `${target}=$(html_field ${source.kind} ${sq(source.name)} ${source.kind === "input" ? "value" : "content"})`,
        );
      else {
        lines.push(
          "location=$(hdr Location)",
          'case "$location" in /*) location="$(origin_of "$url")$location" ;; esac',
        );
        lines.push(
          source.from === "location"
            ? `${target}=$location`
            : `${target}=$(urldec "$(loc_param "$location" ${sq(source.name)})")`,
        );
      }
      lines.push(`need_value ${step.index} "$${target}" ${sq(e.label)}`);
    }
    return lines.join("\n");
  }

  render(run: string): string {
    const plan = this.plan;
    const needsOpenssl = plan.steps.some((s) => s.sign) || plan.globals.some((g) => g.kind === "pkce-challenge");
    const globals = [...plan.origins, ...plan.globals].map((value) => this.global(value)).filter(Boolean);
    return [
      "#!/bin/sh",
      ...headerLines(plan, run, "#"),
      "set -eu",
      'command -v curl >/dev/null 2>&1 || { echo "this repro needs curl" >&2; exit 2; }',
      ...(needsOpenssl
        ? [
            'command -v openssl >/dev/null 2>&1 || { echo "this repro needs openssl (PKCE or request signing)" >&2; exit 2; }',
          ]
        : []),
      'need() { if [ -z "$(printenv "$1")" ]; then echo "Set the environment variable $1: $2" >&2; exit 2; fi; }',
      RUNTIME,
      ...globals,
      "",
      ...plan.steps.map((step) => this.step(step)),
      `echo ${sq(`flow completed: ${plan.steps.length} steps`)}`,
      "",
    ].join("\n");
  }
}

export function renderCurl(plan: ProgramPlan): { files: { name: string; content: string }[]; run: string } {
  const run = "sh repro.sh";
  return { files: [{ name: "repro.sh", content: new CurlRenderer(plan).render(run) }], run };
}
