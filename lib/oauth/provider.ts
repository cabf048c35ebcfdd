import "server-only";
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import type pg from "pg";
import { safeFetch } from "@/lib/security/safe-fetch";
import { accessTokenClaims } from "@/lib/auth/sign";
import { jwtSecretKey } from "@/lib/auth/secret-key";
import { SIGNING_ALGORITHM, type TokenKeys } from "@/lib/auth/token-keys";
import { ACCESS_TOKEN_TTL_S, BUSYMATE_SCOPES, appResources, normaliseOrigin } from "@/lib/auth/token-model";
import { postgresAdapter } from "./adapter";
import { cookieKeys, idTokenJwks } from "./keys";
import { REDIRECT_POLICY_PROPERTY, validateClientMetadata } from "./redirect-uris";
import { renderOAuthError } from "./error-page";

/**
 * The OAuth 2.1 authorization server (oidc-provider, OpenID-certified) on the app's origin.
 *
 *  - Endpoints under /oauth/ (authorize, token, register, revoke, jwks) plus RFC 8414 and
 *    OpenID discovery; interactions (login, consent) at /interaction/<uid> (interactions.ts).
 *  - Authorization code + PKCE S256 for every client; exact redirect URIs (any port on a
 *    loopback redirect of a native app); `iss` in every authorization response (RFC 9207).
 *  - Resource indicators (RFC 8707) bound to this app: `<origin>` and `<origin>/mcp`, the
 *    default when a client names none; anything else is `invalid_target`.
 *  - Access tokens are the Busymate token (lib/auth/token-model.ts): JWT, ES256 with the
 *    current signing key (its `kid` in the header) or, in legacy mode, HS256 with the project's
 *    JWT secret; claims shaped by the same function the dashboard's tokens use.
 *  - Refresh tokens rotate on every use; a reused one revokes the grant (oidc-provider, plus
 *    the adapter for two uses racing). Revocation of a refresh token revokes its grant.
 *  - Every authorization asks the person (no silent re-use of earlier grants), so the
 *    dashboard session is checked each time.
 *  - Dynamic Client Registration (open, rate-limited) and client-ID metadata documents.
 */

export interface OAuthProviderOptions {
  /** The app's public origin; also the issuer. */
  origin: string;
  /** What access tokens are signed with (lib/auth/token-keys.ts). */
  tokenKeys: TokenKeys;
  pool: pg.Pool;
  /** Replaces the fetch used for client-ID metadata documents (tests serve their own). */
  fetch?: Configuration["fetch"];
  /** BUSYMATE_FETCH_ALLOW_LOOPBACK: metadata documents may be on loopback (tests only). */
  allowLoopbackFetch?: boolean;
}

/** A client-ID metadata document is small; its host names only itself (lib/security/safe-fetch.ts). */
const METADATA_DOCUMENT_LIMITS = { maxBytes: 64 * 1024, timeoutMs: 2500 };

function metadataDocumentFetch(allowLoopback: boolean): NonNullable<Configuration["fetch"]> {
  return (url, init) =>
    safeFetch(url instanceof Request ? url.url : url, {
      ...METADATA_DOCUMENT_LIMITS,
      allowLoopback,
      method: init?.method,
      headers: init?.headers,
      signal: init?.signal ?? undefined,
    });
}

const TTL = {
  accessToken: ACCESS_TOKEN_TTL_S,
  authorizationCode: 60,
  interaction: 10 * 60,
  session: 60 * 60,
  /** Refresh tokens and grants: re-authorize monthly; a rotated token keeps what is left. */
  grant: 30 * 24 * 60 * 60,
};

export const OAUTH_ROUTES = {
  authorization: "/oauth/authorize",
  token: "/oauth/token",
  registration: "/oauth/register",
  revocation: "/oauth/revoke",
  jwks: "/oauth/jwks",
  end_session: "/oauth/logout",
  userinfo: "/oauth/userinfo",
  introspection: "/oauth/introspect",
} as const;

export const OAUTH_SCOPES = ["openid", "offline_access", ...BUSYMATE_SCOPES];

/** How oidc-provider signs access tokens: with the current key from its keystore, or the legacy secret. */
function accessTokenSigning(keys: TokenKeys) {
  return keys.mode === "asymmetric"
    ? { alg: SIGNING_ALGORITHM as "ES256", kid: keys.current.kid }
    : { alg: "HS256" as const, key: jwtSecretKey(keys.secret) };
}

export async function createOAuthProvider({
  origin,
  tokenKeys,
  pool,
  fetch,
  allowLoopbackFetch = false,
}: OAuthProviderOptions): Promise<Provider> {
  const issuer = normaliseOrigin(origin);
  const resources = appResources(issuer);
  const allowedResources = new Set([resources.app, `${resources.app}/`, resources.mcp]);
  const secure = issuer.startsWith("https:");

  const configuration: Configuration = {
    adapter: postgresAdapter(pool),
    // The current access-token key joins the keystore so oidc-provider can sign with it; the
    // JWKS the app publishes is answered by the dispatcher (lib/oauth/jwks.ts), not from here.
    jwks: {
      keys: [...(await idTokenJwks(pool)).keys, ...(tokenKeys.mode === "asymmetric" ? [tokenKeys.current] : [])],
    },
    cookies: {
      keys: cookieKeys(tokenKeys),
      names: { session: "bm_oauth_session", interaction: "bm_oauth_interaction", resume: "bm_oauth_resume" },
      long: { httpOnly: true, sameSite: "lax", secure },
      short: { httpOnly: true, sameSite: "lax", secure },
    },
    routes: OAUTH_ROUTES,
    scopes: OAUTH_SCOPES,
    responseTypes: ["code"],
    pkce: { required: () => true },
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post"],
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      id_token_signed_response_alg: "RS256",
    },
    extraClientMetadata: { properties: [REDIRECT_POLICY_PROPERTY], validator: validateClientMetadata },
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      introspection: { enabled: false },
      clientIdMetadataDocument: {
        enabled: true,
        ack: "draft-02",
        // The fetch below refuses non-public addresses (SSRF), follows no redirect and is bounded;
        // oidc-provider caches what it fetched.
        allowFetch: async () => true,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resources.app,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (!allowedResources.has(indicator))
            throw new errors.InvalidTarget(`this server issues tokens only for ${resources.app} and ${resources.mcp}`);
          return {
            scope: BUSYMATE_SCOPES.join(" "),
            audience: resources.app,
            accessTokenTTL: TTL.accessToken,
            accessTokenFormat: "jwt",
            jwt: { sign: accessTokenSigning(tokenKeys) },
          };
        },
      },
    },
    formats: {
      customizers: {
        // One token shape, whoever mints it: the same claims as POST /first-party-token.
        async jwt(_ctx, token, jwt) {
          const { iat, exp, jti } = jwt.payload as { iat: number; exp: number; jti: string };
          jwt.payload = {
            ...accessTokenClaims({
              origin: issuer,
              userId: "accountId" in token ? String(token.accountId) : "",
              clientId: String(token.clientId),
              scope: String(token.scope ?? ""),
              now: iat,
              ttlSeconds: exp - iat,
              jti,
            }),
          };
        },
      },
    },
    // Only the grant this very interaction produced; never a silent re-authorization.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: TTL.accessToken,
      AuthorizationCode: TTL.authorizationCode,
      Interaction: TTL.interaction,
      Session: TTL.session,
      Grant: TTL.grant,
      IdToken: TTL.accessToken,
      RefreshToken: (ctx) => {
        const rotated = ctx?.oidc?.entities.RotatedRefreshToken;
        return rotated ? rotated.remainingTTL : TTL.grant;
      },
    },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const { rows } = await pool.query<{ id: string; email: string | null }>(
        "SELECT id, email FROM auth.users WHERE id::text = $1 AND deleted_at IS NULL AND (banned_until IS NULL OR banned_until < now())",
        [sub],
      );
      const user = rows[0];
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: async () => ({ sub: user.id, ...(user.email ? { email: user.email } : {}) }),
      };
    },
    renderError: renderOAuthError,
    fetch: fetch ?? metadataDocumentFetch(allowLoopbackFetch),
  };

  const provider = new Provider(issuer, configuration);
  // The custom server pins Host and X-Forwarded-Proto to the issuer's (dispatcher.ts), so
  // every URL oidc-provider builds is the issuer's, whatever Host a request arrived with.
  provider.proxy = true;
  return provider;
}
