import { Issuer, noise, refused, startReplayServer } from "../replay-server";
import { secret, type SchemeCase } from "../scheme-case";

/** HTTP Basic credentials exchanged once for a session token that comes back in a response header. */
export const basicSession: SchemeCase = {
  name: "basic auth exchanged for a session header",
  scheme: "basic-auth-session",
  milestones: ["login", "api"],
  wrong: "password",
  credentials: () => ({ username: secret("svc"), password: secret("pw") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      if (path === "/v2/session" && request.method === "POST") {
        if (request.headers.authorization !== expected)
          return {
            status: 401,
            headers: [["WWW-Authenticate", 'Basic realm="api"']],
            json: { error: "bad credentials" },
          };
        done.add("login");
        return { status: 201, headers: [["X-Session-Token", issuer.issue("session")]], json: { expires_in: 1800 } };
      }
      if (path === "/v2/items") {
        if (!issuer.check("session", request.headers["x-session-token"])) return refused("no session");
        done.add("api");
        return { status: 200, json: { items: ["a", "b"] } };
      }
      if (path === "/v2/logout") return { status: 204, text: "" };
      return { status: 404, json: { error: "not_found" } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    await rec.noise(origin);
    const session = await rec.send(`${origin}/v2/session`, {
      method: "POST",
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`,
      },
    });
    const token = session.headers.get("x-session-token") ?? "";
    await rec.send(`${origin}/v2/items`, { headers: { "X-Session-Token": token } });
    await rec.send(`${origin}/v2/logout`, { method: "POST", headers: { "X-Session-Token": token }, body: "" });
  },
};
