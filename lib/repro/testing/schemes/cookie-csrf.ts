import { Issuer, noise, refused, startReplayServer } from "../replay-server";
import { secret, user, type SchemeCase } from "../scheme-case";

/**
 * A classic web app: the login form's hidden `_csrf` is bound to a pre-session cookie, the
 * login sets an HttpOnly session cookie and redirects, and the dashboard page's
 * `<meta name="csrf-token">` must accompany every write.
 */
export const cookieCsrf: SchemeCase = {
  name: "cookie session with CSRF from a form and a meta tag",
  scheme: "cookie-session-csrf",
  milestones: ["login", "dashboard", "write", "read"],
  wrong: "password",
  credentials: () => ({ username: user(), password: secret("pw") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const session = (cookies: Record<string, string>) =>
      issuer.check("session", cookies.session) ? cookies.session : null;
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      if (path === "/login" && request.method === "GET") {
        const pre = issuer.issue("pre");
        return {
          status: 200,
          headers: [["Set-Cookie", `presession=${pre}; Path=/; HttpOnly; SameSite=Lax`]],
          html: `<html><body><form method="post" action="/login"><input type="hidden" name="_csrf" value="${issuer.issue("form-csrf", { pre })}">
<input type="email" name="email"><input type="password" name="password"></form></body></html>`,
        };
      }
      if (path === "/login" && request.method === "POST") {
        const form = request.form();
        const csrf = issuer.take("form-csrf", form.get("_csrf"));
        if (!csrf || csrf.pre !== request.cookies.presession) return refused("bad csrf", 403);
        if (form.get("email") !== credentials.username || form.get("password") !== credentials.password)
          return { status: 200, html: "<p>Wrong email or password</p>" };
        done.add("login");
        return {
          status: 302,
          headers: [
            ["Set-Cookie", `session=${issuer.issue("session")}; Path=/; HttpOnly; SameSite=Lax`],
            ["Set-Cookie", "presession=; Path=/; Max-Age=0"],
            ["Location", "/dashboard"],
          ],
          text: "",
        };
      }
      const current = session(request.cookies);
      if (path === "/dashboard") {
        if (!current) return { status: 302, headers: [["Location", "/login"]], text: "" };
        done.add("dashboard");
        return {
          status: 200,
          html: `<html><head><meta name="csrf-token" content="${issuer.issue("csrf", { session: current })}"></head><body>Notes</body></html>`,
        };
      }
      if (path === "/api/notes") {
        if (!current) return refused("no session");
        if (request.method === "POST") {
          const csrf = issuer.check("csrf", request.headers["x-csrf-token"]);
          if (!csrf || csrf.session !== current) return refused("bad csrf", 403);
          done.add("write");
          return { status: 201, json: { id: 1, text: request.json().text } };
        }
        done.add("read");
        return { status: 200, json: [{ id: 1, text: "hello" }] };
      }
      if (path === "/logout")
        return {
          status: 302,
          headers: [
            ["Set-Cookie", "session=; Max-Age=0"],
            ["Location", "/"],
          ],
          text: "",
        };
      return { status: 404, json: { error: "not_found" } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    const page = await rec.send(`${origin}/login`);
    await rec.noise(origin);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const login = await rec.send(`${origin}/login`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: csrf,
        email: credentials.username,
        password: credentials.password,
      }).toString(),
    });
    const dashboard = await rec.send(new URL(login.location!, origin).href);
    const token = /name="csrf-token" content="([^"]+)"/.exec(dashboard.text)?.[1] ?? "";
    await rec.send(`${origin}/api/notes`, {
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ text: "hello" }),
    });
    await rec.send(`${origin}/api/notes`);
    await rec.send(`${origin}/logout`, { method: "POST", body: "" });
  },
};
