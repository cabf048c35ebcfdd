import { sendJson } from "../../http";
import { projectJwks } from "../../signing-keys";
import type { Handler } from "../context";

/** `GET /health` (GoTrue `HealthCheck`). */
export const health: Handler = async (_context, { res }) => {
  sendJson(res, 200, {
    version: "busymate-local",
    name: "GoTrue",
    description: "GoTrue is a user registration and authentication API",
  });
};

const EXTERNAL_PROVIDERS = [
  "anonymous_users",
  "apple",
  "azure",
  "bitbucket",
  "discord",
  "facebook",
  "snapchat",
  "figma",
  "fly",
  "github",
  "gitlab",
  "google",
  "keycloak",
  "kakao",
  "linkedin",
  "linkedin_oidc",
  "notion",
  "spotify",
  "slack",
  "slack_oidc",
  "workos",
  "twitch",
  "twitter",
  "email",
  "phone",
  "zoom",
];

/** `GET /settings` (GoTrue `Settings`): email sign-ups on and confirmed at once, nothing else. */
export const settings: Handler = async (_context, { res }) => {
  const external = Object.fromEntries(EXTERNAL_PROVIDERS.map((provider) => [provider, provider === "email"]));
  sendJson(res, 200, {
    external,
    disable_signup: false,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: "",
    saml_enabled: false,
    saml_private_key_next_configured: false,
    passkeys_enabled: false,
  });
};

/**
 * `GET /.well-known/jwks.json`: the public halves of the project's signing keys. GoTrue never
 * publishes an HMAC secret, so a legacy (HS256) project's set is empty.
 */
export const jwks: Handler = async (context, { res }) => {
  const body = context.keys.signing ? projectJwks(context.keys.signing) : { keys: [] };
  sendJson(res, 200, body, { "Cache-Control": "public, max-age=600" });
};
