import { bearer, Issuer, noise, refused, startReplayServer } from "../replay-server";
import { jwtLike, secret, type SchemeCase } from "../scheme-case";

/** A JWT in the login response body; the refresh token lives in an HttpOnly cookie that rotates on each refresh. */
export const jwtCookie: SchemeCase = {
  name: "JWT in the body with refresh by an HttpOnly cookie",
  scheme: "jwt-refresh-cookie",
  milestones: ["login", "api", "refresh", "api-after-refresh"],
  wrong: "password",
  credentials: () => ({ username: secret("ada"), password: secret("pw") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const cookie = (value: string) => `rt=${value}; Path=/auth; HttpOnly; Secure; SameSite=Strict`;
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      if (path === "/auth/login" && request.method === "POST") {
        const body = request.json();
        if (body.username !== credentials.username || body.password !== credentials.password)
          return refused("invalid credentials");
        done.add("login");
        return {
          status: 200,
          headers: [["Set-Cookie", cookie(issuer.issue("refresh"))]],
          json: {
            access_token: issuer.adopt("access", jwtLike(credentials.username), { refreshed: "false" }),
            expires_in: 300,
          },
        };
      }
      if (path === "/auth/refresh" && request.method === "POST") {
        if (!issuer.take("refresh", request.cookies.rt)) return refused("invalid refresh cookie");
        done.add("refresh");
        return {
          status: 200,
          headers: [["Set-Cookie", cookie(issuer.issue("refresh"))]],
          json: {
            access_token: issuer.adopt("access", jwtLike(credentials.username), { refreshed: "true" }),
            expires_in: 300,
          },
        };
      }
      if (path === "/api/orders") {
        const token = issuer.check("access", bearer(request));
        if (!token) return refused("invalid_token");
        done.add(token.refreshed === "true" ? "api-after-refresh" : "api");
        return { status: 200, json: { orders: [{ id: "o-1", total: 12.5 }] } };
      }
      if (path === "/auth/logout")
        return { status: 204, headers: [["Set-Cookie", "rt=; Path=/auth; Max-Age=0"]], text: "" };
      return { status: 404, json: { error: "not_found" } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    await rec.noise(origin);
    const login = await rec.send(`${origin}/auth/login`, {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: credentials.username, password: credentials.password }),
    });
    await rec.send(`${origin}/api/orders`, { headers: { Authorization: `Bearer ${String(login.json.access_token)}` } });
    const refreshed = await rec.send(`${origin}/auth/refresh`, { method: "POST", body: "" });
    await rec.send(`${origin}/api/orders`, {
      headers: { Authorization: `Bearer ${String(refreshed.json.access_token)}` },
    });
    await rec.send(`${origin}/auth/logout`, { method: "POST", body: "" });
  },
};
