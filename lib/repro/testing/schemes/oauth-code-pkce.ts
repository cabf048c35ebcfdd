import { createHash } from "node:crypto";
import { bearer, Issuer, noise, refused, startReplayServer } from "../replay-server";
import { secret, user, type SchemeCase } from "../scheme-case";

const REDIRECT_URI = "https://app.example.test/callback";
const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/**
 * Authorization code with PKCE and a login form: the authorization server (origin 0) shows a
 * form with a hidden CSRF value bound to a cookie, answers the login with a 302 carrying the
 * code, and swaps code + verifier for rotating tokens; the API is origin 1.
 */
export const oauthCodePkce: SchemeCase = {
  name: "OAuth authorization code + PKCE with a login form",
  scheme: "oauth2-authorization-code-pkce",
  milestones: ["login", "code", "api", "refresh", "api-after-refresh"],
  wrong: "password",
  credentials: () => ({ username: user(), password: secret("pw"), clientId: secret("spa") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const tokens = (refreshed: boolean) => {
      const access = issuer.issue("access", { refreshed: String(refreshed) });
      return {
        access_token: access,
        token_type: "Bearer",
        expires_in: 900,
        refresh_token: issuer.issue("refresh", { access }),
      };
    };
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      const q = request.url.searchParams;
      if (request.port === 0 && path === "/authorize") {
        if (q.get("client_id") !== credentials.clientId || q.get("redirect_uri") !== REDIRECT_URI)
          return refused("invalid_client", 400);
        if (q.get("code_challenge_method") !== "S256" || !q.get("code_challenge")) return refused("pkce_required", 400);
        const browser = issuer.issue("browser");
        const csrf = issuer.issue("csrf", { browser });
        const pending = issuer.issue("pending", { challenge: q.get("code_challenge")!, state: q.get("state") ?? "" });
        return {
          status: 200,
          headers: [["Set-Cookie", `auth_browser=${browser}; Path=/; HttpOnly`]],
          html: `<!doctype html><html><body><h1>Sign in</h1><form method="post" action="/login">
<input type="hidden" name="csrf_token" value="${csrf}"><input type="hidden" name="request_id" value="${pending}">
<input name="username" type="email"><input name="password" type="password"><button>Sign in</button></form></body></html>`,
        };
      }
      if (request.port === 0 && path === "/login" && request.method === "POST") {
        const form = request.form();
        const csrf = issuer.take("csrf", form.get("csrf_token"));
        if (
          !csrf ||
          csrf.browser !== request.cookies.auth_browser ||
          !issuer.check("browser", request.cookies.auth_browser)
        )
          return refused("csrf", 403);
        const pending = issuer.take("pending", form.get("request_id"));
        if (!pending) return refused("unknown request", 400);
        if (form.get("username") !== credentials.username || form.get("password") !== credentials.password)
          return { status: 401, html: "<p>Wrong email or password</p>" };
        done.add("login");
        const code = issuer.issue("code", { challenge: pending.challenge });
        const state = encodeURIComponent(pending.state);
        return { status: 302, headers: [["Location", `${REDIRECT_URI}?code=${code}&state=${state}`]], text: "" };
      }
      if (request.port === 0 && path === "/token" && request.method === "POST") {
        const form = request.form();
        if (form.get("client_id") !== credentials.clientId) return refused("invalid_client");
        if (form.get("grant_type") === "authorization_code") {
          const code = issuer.take("code", form.get("code"));
          if (!code || form.get("redirect_uri") !== REDIRECT_URI) return refused("invalid_grant", 400);
          if (s256(form.get("code_verifier") ?? "") !== code.challenge) return refused("invalid_grant: pkce", 400);
          done.add("code");
          return { status: 200, json: tokens(false) };
        }
        if (form.get("grant_type") === "refresh_token") {
          const old = issuer.take("refresh", form.get("refresh_token"));
          if (!old) return refused("invalid_grant", 400);
          issuer.revoke(old.access);
          done.add("refresh");
          return { status: 200, json: tokens(true) };
        }
        return refused("unsupported_grant_type", 400);
      }
      if (request.port === 1 && path === "/v1/profile") {
        const token = issuer.check("access", bearer(request));
        if (!token) return refused("invalid_token");
        done.add(token.refreshed === "true" ? "api-after-refresh" : "api");
        return { status: 200, json: { name: "Ada", plan: "pro" } };
      }
      if (path === "/logout") return { status: 204, text: "" };
      return { status: 404, json: { error: "not_found" } };
    }, 2);
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [auth, api] = server.origins;
    const verifier = secret("verifier-0123456789-abcdefghijklmnop");
    const state = secret("state");
    await rec.noise(api);
    const page = await rec.send(
      `${auth}/authorize?${new URLSearchParams({
        response_type: "code",
        client_id: credentials.clientId,
        redirect_uri: REDIRECT_URI,
        scope: "openid profile",
        state,
        code_challenge: s256(verifier),
        code_challenge_method: "S256",
      })}`,
    );
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1] ?? "";
    const login = await rec.send(`${auth}/login`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: auth },
      body: new URLSearchParams({
        csrf_token: field("csrf_token"),
        request_id: field("request_id"),
        username: credentials.username,
        password: credentials.password,
      }).toString(),
    });
    const code = new URL(login.location!).searchParams.get("code")!;
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    const tokens = await rec.send(`${auth}/token`, {
      headers: form,
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        client_id: credentials.clientId,
        code_verifier: verifier,
      }).toString(),
      noCookies: true,
    });
    await rec.send(`${api}/v1/profile`, {
      headers: { Authorization: `Bearer ${String(tokens.json.access_token)}` },
      noCookies: true,
    });
    const refreshed = await rec.send(`${auth}/token`, {
      headers: form,
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(tokens.json.refresh_token),
        client_id: credentials.clientId,
      }).toString(),
      noCookies: true,
    });
    await rec.send(`${api}/v1/profile`, {
      headers: { Authorization: `Bearer ${String(refreshed.json.access_token)}` },
      noCookies: true,
    });
    await rec.send(`${auth}/logout`, { method: "POST", body: "" });
  },
};
