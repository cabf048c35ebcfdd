import { randomBytes } from "node:crypto";
import { bearer, Issuer, noise, refused, startReplayServer } from "../replay-server";
import { jwtLike, secret, user, type SchemeCase } from "../scheme-case";

/**
 * Firebase Auth's REST shape: Identity Toolkit's `accounts:signInWithPassword?key=` (origin 0)
 * hands out an ID token and a refresh token; Secure Token's `/v1/token?key=` (origin 1) swaps
 * the refresh token for a new ID token; the app's API (origin 2) takes the ID token and the
 * user's localId in its path.
 */
export const firebase: SchemeCase = {
  name: "Firebase-style signInWithPassword with securetoken refresh",
  scheme: "firebase-password",
  milestones: ["login", "api", "refresh", "api-after-refresh"],
  wrong: "password",
  credentials: () => ({
    username: user(),
    password: secret("pw"),
    apiKey: `AIza${randomBytes(26).toString("base64url").slice(0, 35)}`,
  }),
  async start(credentials) {
    const issuer = new Issuer();
    const done = new Set<string>();
    const uid = randomBytes(14).toString("base64url");
    const keyError = {
      status: 400,
      json: { error: { code: 400, message: "API key not valid. Please pass a valid API key." } },
    };
    const server = await startReplayServer((request) => {
      const quiet = noise(request);
      if (quiet) return quiet;
      const path = request.url.pathname;
      if (request.port === 0 && path === "/v1/accounts:signInWithPassword") {
        if (request.url.searchParams.get("key") !== credentials.apiKey) return keyError;
        const body = request.json();
        if (body.email !== credentials.username || body.password !== credentials.password)
          return { status: 400, json: { error: { code: 400, message: "INVALID_LOGIN_CREDENTIALS" } } };
        done.add("login");
        return {
          status: 200,
          json: {
            kind: "identitytoolkit#VerifyPasswordResponse",
            localId: uid,
            email: credentials.username,
            displayName: "",
            idToken: issuer.adopt("id", jwtLike(uid), { refreshed: "false" }),
            registered: true,
            refreshToken: issuer.issue("refresh", {}, 60),
            expiresIn: "3600",
          },
        };
      }
      if (request.port === 1 && path === "/v1/token") {
        if (request.url.searchParams.get("key") !== credentials.apiKey) return keyError;
        const form = request.form();
        if (form.get("grant_type") !== "refresh_token" || !issuer.check("refresh", form.get("refresh_token")))
          return { status: 400, json: { error: { code: 400, message: "INVALID_REFRESH_TOKEN" } } };
        done.add("refresh");
        const id = issuer.adopt("id", jwtLike(uid), { refreshed: "true" });
        return {
          status: 200,
          json: {
            access_token: id,
            expires_in: "3600",
            token_type: "Bearer",
            refresh_token: form.get("refresh_token"),
            id_token: id,
            user_id: uid,
            project_id: "424242",
          },
        };
      }
      const match = /^\/v1\/users\/([^/]+)\/profile$/.exec(path);
      if (request.port === 2 && match) {
        const token = issuer.check("id", bearer(request));
        if (!token) return refused("invalid_token");
        if (match[1] !== uid) return refused("not your profile", 403);
        done.add(token.refreshed === "true" ? "api-after-refresh" : "api");
        return { status: 200, json: { uid, theme: "dark" } };
      }
      return { status: 404, json: { error: "not_found" } };
    }, 3);
    return { server, issuer, done };
  },
  async record({ server }, credentials, rec) {
    const [identity, securetoken, api] = server.origins;
    const json = { "Content-Type": "application/json" };
    await rec.noise(api);
    const login = await rec.send(`${identity}/v1/accounts:signInWithPassword?key=${credentials.apiKey}`, {
      headers: json,
      body: JSON.stringify({ email: credentials.username, password: credentials.password, returnSecureToken: true }),
    });
    const uid = String(login.json.localId);
    await rec.send(`${api}/v1/users/${uid}/profile`, {
      headers: { Authorization: `Bearer ${String(login.json.idToken)}` },
    });
    const refreshed = await rec.send(`${securetoken}/v1/token?key=${credentials.apiKey}`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: String(login.json.refreshToken),
      }).toString(),
    });
    await rec.send(`${api}/v1/users/${uid}/profile`, {
      headers: { Authorization: `Bearer ${String(refreshed.json.id_token)}` },
    });
  },
};
