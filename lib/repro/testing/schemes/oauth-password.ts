import { bearer, Issuer, noise, refused, startReplayServer } from "../replay-server";
import { secret, user, type SchemeCase } from "../scheme-case";

/** OAuth 2 password grant; refresh rotates both tokens and revokes the old access token. */
export const oauthPassword: SchemeCase = {
  name: "OAuth password grant with refresh rotation",
  scheme: "oauth2-password",
  milestones: ["login", "api", "refresh", "api-after-refresh"],
  wrong: "password",
  credentials: () => ({ username: user(), password: secret("pw"), clientId: secret("mobile") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const tokens = (refreshed: boolean) => {
      const access = issuer.issue("access", { refreshed: String(refreshed) });
      const refresh = issuer.issue("refresh", { access });
      return {
        access_token: access,
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: refresh,
        scope: "read write",
      };
    };
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      if (path === "/oauth/token" && request.method === "POST") {
        const form = request.form();
        if (form.get("client_id") !== credentials.clientId) return refused("invalid_client");
        if (form.get("grant_type") === "password") {
          if (form.get("username") !== credentials.username || form.get("password") !== credentials.password)
            return refused("invalid_grant", 400);
          done.add("login");
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
      if (path === "/api/me" && request.method === "GET") {
        const token = issuer.check("access", bearer(request));
        if (!token) return refused("invalid_token");
        done.add(token.refreshed === "true" ? "api-after-refresh" : "api");
        return { status: 200, json: { id: 7, username: credentials.username } };
      }
      if (path === "/oauth/revoke") return { status: 200, json: {} };
      return { status: 404, json: { error: "not_found" } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    await rec.noise(origin);
    const login = await rec.send(`${origin}/oauth/token`, {
      headers: form,
      body: new URLSearchParams({
        grant_type: "password",
        username: credentials.username,
        password: credentials.password,
        client_id: credentials.clientId,
        scope: "read write",
      }).toString(),
    });
    const first = String(login.json.access_token);
    await rec.send(`${origin}/api/me`, { headers: { Authorization: `Bearer ${first}` } });
    const refreshed = await rec.send(`${origin}/oauth/token`, {
      headers: form,
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(login.json.refresh_token),
        client_id: credentials.clientId,
      }).toString(),
    });
    // The app still holds the old token once: 401, then it retries with the new one.
    await rec.send(`${origin}/api/me`, { headers: { Authorization: `Bearer ${first}` } });
    await rec.send(`${origin}/api/me`, { headers: { Authorization: `Bearer ${String(refreshed.json.access_token)}` } });
    await rec.send(`${origin}/oauth/revoke`, {
      headers: form,
      body: new URLSearchParams({ token: String(refreshed.json.refresh_token) }).toString(),
    });
  },
};
