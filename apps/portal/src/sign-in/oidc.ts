import type { OidcSettings } from '../portal.config';

/**
 * Sign-in with the bureau's OpenID Connect provider: authorization code flow with PKCE (S256), state and
 * nonce, through openid-client (loaded on first use: it is an ES module). The access token it returns is
 * what the services verify against the provider's JWKS (AUTH_JWKS_URL).
 */
type Client = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
type Configuration = import('openid-client', { with: { 'resolution-mode': 'import' } }).Configuration;
export interface PendingSignIn {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}
export interface SignedIn {
  accessToken: string;
  idToken?: string;
  expiresAt: number;
  name?: string;
}

export class OidcSignIn {
  private client?: Client;
  private configuration?: Promise<Configuration>;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: string,
  ) {}

  private async setup(): Promise<{ client: Client; config: Configuration }> {
    this.client ??= (await import('openid-client')) as Client;
    const client = this.client;
    // Plain http only for a provider on this machine (development against a local provider, tests).
    const local = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(this.settings.issuer);
    this.configuration ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        this.settings.clientSecret ? undefined : client.None(),
        local ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err) => {
        this.configuration = undefined; // try discovery again next time
        throw err;
      });
    return { client, config: await this.configuration };
  }

  /** Where to send the browser, and what to keep until it comes back (under the state). */
  async start(returnTo: string): Promise<{ url: string; state: string; pending: PendingSignIn }> {
    const { client, config } = await this.setup();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, pending: { codeVerifier, nonce, returnTo } };
  }

  /** Exchanges the code (checking state, nonce and the PKCE verifier) for the tokens. */
  async finish(callbackUrl: string, state: string, pending: PendingSignIn): Promise<SignedIn> {
    const { client, config } = await this.setup();
    const tokens = await client.authorizationCodeGrant(config, new URL(callbackUrl), { pkceCodeVerifier: pending.codeVerifier, expectedState: state, expectedNonce: pending.nonce });
    const claims = tokens.claims();
    const expiresIn = tokens.expiresIn();
    return {
      accessToken: tokens.access_token,
      idToken: tokens.id_token,
      expiresAt: Math.floor(Date.now() / 1000) + (expiresIn ?? 3600),
      name: typeof claims?.name === 'string' ? claims.name : undefined,
    };
  }

  /** The provider's end-session URL, if it has one. */
  async signOutUrl(idToken: string | undefined, returnTo: string): Promise<string | null> {
    const { client, config } = await this.setup();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { post_logout_redirect_uri: returnTo, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
  }
}
