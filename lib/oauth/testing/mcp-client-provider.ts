import type {
  OAuthClientMetadata,
  OAuthClientProvider,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from "@modelcontextprotocol/client";

/**
 * An OAuthClientProvider for the MCP SDK client that keeps everything in memory, as a CLI
 * client would for one session. `onAuthorizationUrl` is what the "user agent" does with the
 * authorization URL: in tests, a TestBrowser or a Playwright page that signs in and consents.
 */
export class InMemoryOAuthClientProvider implements OAuthClientProvider {
  private client: StoredOAuthClientInformation | undefined;
  private savedTokens: StoredOAuthTokens | undefined;
  private verifier = "";
  /** Every token set saved, oldest first (to check rotation). */
  readonly tokenHistory: StoredOAuthTokens[] = [];

  constructor(
    private readonly redirect: string,
    private readonly onAuthorizationUrl: (url: URL) => Promise<void> | void,
    private readonly name = "Busymate test MCP client",
  ) {}

  get redirectUrl(): string {
    return this.redirect;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirect],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation() {
    return this.client;
  }

  saveClientInformation(information: StoredOAuthClientInformation) {
    this.client = information;
  }

  tokens() {
    return this.savedTokens;
  }

  saveTokens(tokens: StoredOAuthTokens) {
    this.savedTokens = tokens;
    this.tokenHistory.push(tokens);
  }

  redirectToAuthorization(url: URL) {
    return this.onAuthorizationUrl(url);
  }

  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }

  codeVerifier() {
    return this.verifier;
  }
}
