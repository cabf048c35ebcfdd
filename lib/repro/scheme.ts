import type { CapturedEntry, StepPlan, Template, Value } from "./types";
import { bodyText } from "./values";

/**
 * Names the authentication scheme a flow shows and says, for each kept step, why it is there.
 * Judged from what the steps send and what flows between them, not from host names alone.
 */

interface StepFacts {
  step: StepPlan;
  path: string;
  grantType: string | null;
  refs: Set<string>;
  graphqlMutation: string | null;
  authorization: Template | null;
}

function refsOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => refsOf(item, out));
  else if (value && typeof value === "object") {
    if ("ref" in value && typeof value.ref === "string") out.add(value.ref);
    else Object.values(value).forEach((item) => refsOf(item, out));
  }
  return out;
}

function factsOf(step: StepPlan, item: CapturedEntry | undefined): StepFacts {
  const entry = item?.entry;
  let path = "";
  let grantType: string | null = null;
  let graphqlMutation: string | null = null;
  if (entry) {
    const url = new URL(entry.request.url);
    path = url.pathname;
    const text = bodyText(entry.request.body) ?? "";
    grantType = url.searchParams.get("grant_type") ?? new URLSearchParams(text).get("grant_type");
    try {
      const json = JSON.parse(text) as { grant_type?: unknown; query?: unknown };
      if (typeof json.grant_type === "string") grantType = json.grant_type;
      const mutation = typeof json.query === "string" ? /^\s*mutation\s*(\w*)/.exec(json.query) : null;
      if (mutation) graphqlMutation = mutation[1] || "mutation";
    } catch {
      // Not a JSON body.
    }
  }
  const authorization = step.headers.find(([name]) => name.toLowerCase() === "authorization")?.[1] ?? null;
  return {
    step,
    path,
    grantType,
    refs: refsOf([step.headers, step.body, step.query, step.path, step.url]),
    graphqlMutation,
    authorization,
  };
}

const list = (names: string[]) => names.join(", ");

export function describeSteps(
  steps: StepPlan[],
  items: CapturedEntry[],
  values: Map<string, Value>,
): { scheme: string; steps: StepPlan[] } {
  const byId = new Map(items.map((item) => [item.id, item]));
  const facts = steps.map((step) => factsOf(step, byId.get(step.entryId)));
  const kindOf = (name: string) => values.get(name)?.kind;
  const sourceOf = (name: string) => {
    const value = values.get(name);
    return value?.kind === "extract" ? value.source.from : null;
  };
  const usesKind = (f: StepFacts, kind: Value["kind"]) => [...f.refs].some((r) => kindOf(r) === kind);
  const tokenFromJson = (f: StepFacts) =>
    f.authorization !== null && [...refsOf(f.authorization)].some((r) => sourceOf(r) === "json");

  const hasPkce = [...values.values()].some((v) => v.kind === "random" && v.name.startsWith("PKCE_VERIFIER"));
  const scheme = (() => {
    if (facts.some((f) => f.grantType === "authorization_code"))
      return hasPkce ? "oauth2-authorization-code-pkce" : "oauth2-authorization-code";
    if (facts.some((f) => f.grantType === "password")) return "oauth2-password";
    if (facts.some((f) => /accounts:signInWith/i.test(f.path))) return "firebase-password";
    if (steps.some((s) => s.sign)) return "api-key-hmac-signature";
    if (facts.some((f) => f.graphqlMutation && f.step.extracts.length > 0)) return "graphql-login";
    if (facts.some((f) => usesKind(f, "basic"))) return "basic-auth-session";
    const csrf = facts.some((f) => [...f.refs].some((r) => sourceOf(r) === "html"));
    if (csrf && steps.some((s) => s.cookies.length > 0)) return "cookie-session-csrf";
    const cookieRefresh = facts.some((f) => /refresh/i.test(f.path) && f.step.cookies.length > 0 && !f.authorization);
    if (cookieRefresh && facts.some(tokenFromJson)) return "jwt-refresh-cookie";
    if (facts.some(tokenFromJson)) return "bearer-token";
    if (steps.some((s) => s.cookies.length > 0)) return "cookie-session";
    if ([...values.values()].some((v) => v.kind === "env" && v.name.startsWith("API_KEY"))) return "api-key";
    return "unknown";
  })();

  const described = facts.map((f) => {
    const { step } = f;
    const supplied = [...f.refs].filter((r) => kindOf(r) === "env");
    const carried = [...f.refs].filter((r) => kindOf(r) === "extract");
    const provides = step.extracts.map((e) => e.label);
    const html = step.extracts.some((e) => e.source.from === "html");
    const code = step.extracts.some((e) => e.source.from === "location-param" || e.source.from === "location");
    let what: string;
    if (f.grantType === "password") what = "signs in with the OAuth password grant";
    else if (f.grantType === "authorization_code")
      what = `exchanges the authorization code${hasPkce ? " and the PKCE verifier" : ""} for tokens`;
    else if (f.grantType === "refresh_token") what = "refreshes the tokens with the refresh token";
    else if (f.grantType) what = `asks for tokens with the ${f.grantType} grant`;
    else if (/accounts:signInWith/i.test(f.path)) what = "signs in with email and password (Identity Toolkit)";
    else if (f.graphqlMutation) what = `runs the GraphQL mutation ${f.graphqlMutation}`;
    else if (step.query?.some(([k]) => k === "response_type"))
      what = "starts authorization with a fresh state and PKCE challenge";
    else if (code) what = "signs in; the redirect carries what comes next";
    else if (html) what = "loads a page for the values its form and meta tags hand out";
    else if (usesKind(f, "basic")) what = "exchanges basic credentials for a session";
    else if (/refresh/i.test(f.path)) what = "refreshes the access token";
    else if (supplied.some((s) => /PASSWORD/.test(s))) what = "signs in with the password";
    else if (step.sign) what = "calls the API with a signed request";
    else what = `calls ${step.method} ${f.path || "the API"}`;
    const details = [
      supplied.length ? `sends ${list(supplied)}` : "",
      carried.length ? `uses ${list(carried)} from earlier responses` : "",
      step.cookies.length ? `sends the session cookies (${list(step.cookies)})` : "",
      step.sign ? `signed in ${step.sign.header}` : "",
      provides.length ? `provides ${list(provides)}` : "",
    ].filter(Boolean);
    return { ...step, purpose: details.length ? `${what}; ${details.join("; ")}` : what };
  });
  return { scheme, steps: described };
}
