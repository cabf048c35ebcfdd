import { bearer, Issuer, noise, refused, startReplayServer } from "../replay-server";
import { secret, user, type SchemeCase } from "../scheme-case";

const LOGIN =
  "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id } } }";
const ME = "query Me { me { id email } }";

/** One GraphQL endpoint: a login mutation hands out a token that later queries send as a bearer token. */
export const graphql: SchemeCase = {
  name: "GraphQL login mutation",
  scheme: "graphql-login",
  milestones: ["login", "api"],
  wrong: "password",
  credentials: () => ({ username: user(), password: secret("pw") }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      if (request.url.pathname !== "/graphql" || request.method !== "POST")
        return { status: 404, json: { error: "not_found" } };
      const body = request.json() as { query?: string; variables?: Record<string, string> };
      if (body.query === LOGIN) {
        if (body.variables?.email !== credentials.username || body.variables?.password !== credentials.password)
          return { status: 200, json: { data: { login: null }, errors: [{ message: "Invalid email or password" }] } };
        done.add("login");
        return { status: 200, json: { data: { login: { token: issuer.issue("token"), user: { id: "u-1" } } } } };
      }
      if (body.query === ME) {
        if (!issuer.check("token", bearer(request))) return refused("unauthenticated");
        done.add("api");
        return { status: 200, json: { data: { me: { id: "u-1", email: credentials.username } } } };
      }
      return { status: 400, json: { errors: [{ message: "unknown operation" }] } };
    });
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [origin] = server.origins;
    const json = { "Content-Type": "application/json" };
    await rec.noise(origin);
    const login = await rec.send(`${origin}/graphql`, {
      headers: json,
      body: JSON.stringify({
        query: LOGIN,
        variables: { email: credentials.username, password: credentials.password },
      }),
    });
    const token = String((login.json.data as { login: { token: string } }).login.token);
    await rec.send(`${origin}/graphql`, {
      headers: { ...json, Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
    });
  },
};
