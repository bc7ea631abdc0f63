import { AuthExpiredError, RateLimitedError } from '../../pipeline/errors.js';
import { RateBudget, withBudgetOverride } from '../budget.js';
import { createHttpClient, retryAfterMs, type HttpClient, type HttpRequest, type HttpResponse, type Verdict, type VendorPolicy } from '../http.js';
import { ZOHO_API, ZOHO_REFRESH_LIMIT, zohoAccountsUrl, zohoLimits, type ZohoAccount } from './config.js';

/**
 * Zoho transport: OAuth 2.0 refresh-token flow against the data centre's accounts server, the
 * access token cached until shortly before `expires_in` runs out, ONE refresh in flight shared by
 * every concurrent call, a refresh again on 401 `INVALID_TOKEN`, and token calls counted in their
 * own budget window (Zoho allows 10 refreshes per 10 minutes). The API base is the token answer's
 * `api_domain`. 429 `TOO_MANY_REQUESTS` is rate limiting; daily credits are the budget's tokens.
 */

export const TOKEN_PATH = '/oauth/v2/token';
/** The access token each API request was last sent with (so a late 401 of an old token does not refresh again). */
const sentWith = new WeakMap<HttpRequest, { token: string }>();
const DEFAULT_429_WAIT_MS = 1_000;

export interface TokenAnswer {
  access_token?: string;
  api_domain?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
}

export interface TokenState {
  token: string;
  expiresAt: number;
  apiDomain: string;
}

type OAuthConfig = Pick<ZohoAccount, 'clientId' | 'clientSecret' | 'refreshToken' | 'dataCenter' | 'accountsUrl' | 'baseUrl'>;

export function zohoPolicy(tokens: { cached(): string; refresh(failedToken: string | null): Promise<boolean> }, clock: () => number): VendorPolicy {
  let failedToken: string | null = null;
  return {
    // Never throws (a throw here would read as a lost answer): the wrapper obtained the token first.
    auth: () => ({ authorization: `Zoho-oauthtoken ${tokens.cached()}` }),
    classify(response: HttpResponse, request: HttpRequest): Verdict {
      const { status } = response;
      if (request.path.endsWith(TOKEN_PATH)) return status >= 500 ? { kind: 'retry', reason: `accounts server answered ${status}` } : { kind: 'ok' };
      const code = (response.body as { code?: string } | null)?.code;
      if (status === 401) {
        // Read synchronously by the refreshAuth call that follows this verdict.
        failedToken = sentWith.get(request)?.token ?? null;
        return { kind: 'auth', reason: code ?? 'unauthorized' };
      }
      if (status === 429) return { kind: 'rate-limited', waitMs: retryAfterMs(response.headers['retry-after'], clock()) ?? DEFAULT_429_WAIT_MS, reason: code ?? 'TOO_MANY_REQUESTS' };
      if (status >= 500) return { kind: 'retry', reason: `server answered ${status}` };
      return { kind: 'ok' };
    },
    observe(response: HttpResponse, _request: HttpRequest, budget: RateBudget): void {
      const left = Number(response.headers['x-ratelimit-day-remaining']);
      if (response.headers['x-ratelimit-day-remaining'] !== undefined && Number.isFinite(left)) budget.correctDaily(left);
    },
    refreshAuth: () => tokens.refresh(failedToken),
  };
}

/** The account's access token: cached, refreshed before expiry, one refresh at a time. */
export function createTokenManager(account: string, config: OAuthConfig, send: (request: HttpRequest) => Promise<HttpResponse>, clock: () => number, refreshWindowMs = ZOHO_REFRESH_LIMIT.intervalMs) {
  let state: TokenState | null = null;
  let inflight: Promise<TokenState> | null = null;
  let refreshedAt = 0;
  let refreshes = 0;
  const tokenUrl = zohoAccountsUrl(config).replace(/\/+$/, '') + TOKEN_PATH;

  async function exchange(): Promise<TokenState> {
    const response = await send({
      method: 'POST',
      path: tokenUrl,
      form: { grant_type: 'refresh_token', client_id: config.clientId ?? '', client_secret: config.clientSecret ?? '', refresh_token: config.refreshToken ?? '' },
      noAuth: true,
      idempotent: true,
      rateClass: 'token',
    });
    const body = (response.body ?? {}) as TokenAnswer & { error_description?: string };
    if (response.status === 429 || /too many requests/i.test(body.error_description ?? '')) throw new RateLimitedError(`${account}: token refresh rate limited`, refreshWindowMs);
    if (response.status !== 200 || !body.access_token) throw new AuthExpiredError(`${account}: token refresh failed: ${response.status} ${body.error ?? 'no access_token'}`, account);
    refreshes += 1;
    refreshedAt = clock();
    const lifetimeMs = Math.max(1, body.expires_in ?? 3600) * 1000;
    // Refresh ahead of expiry: a minute, or a tenth of a short lifetime.
    const margin = Math.min(60_000, lifetimeMs / 10);
    return { token: body.access_token, expiresAt: refreshedAt + lifetimeMs - margin, apiDomain: body.api_domain ?? config.baseUrl ?? ZOHO_API[config.dataCenter] };
  }

  function refreshOnce(): Promise<TokenState> {
    if (!inflight) {
      inflight = exchange()
        .then((fresh) => (state = fresh))
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  }

  return {
    async current(): Promise<TokenState> {
      if (inflight) return inflight;
      if (state && state.expiresAt > clock()) return state;
      return refreshOnce();
    },
    /**
     * After a 401 of `failedToken`: refresh, or join the refresh under way, or use the token another
     * call already got; false when the accounts server refuses.
     */
    async refresh(failedToken: string | null): Promise<boolean> {
      if (!inflight && state && failedToken !== null && state.token !== failedToken) return true;
      try {
        await refreshOnce();
        return true;
      } catch (error) {
        if (error instanceof AuthExpiredError) return false;
        throw error;
      }
    },
    cached: () => state?.token ?? 'none',
    /** Forget the cached token (tests: forced expiry). */
    expire(): void {
      if (state) state = { ...state, expiresAt: 0 };
    },
    stats: () => ({ refreshes }),
    apiBase: () => (state?.apiDomain ?? config.baseUrl ?? ZOHO_API[config.dataCenter]).replace(/\/+$/, ''),
  };
}

export type ZohoTokens = ReturnType<typeof createTokenManager>;

export interface ZohoHttpDeps {
  account: string;
  config: ZohoAccount;
  clock?: () => number;
  timeoutMs?: number;
  maxInlineWaitMs?: number;
  signal?: AbortSignal;
  /** Token refreshes allowed per window (default Zoho's 10 per 10 minutes; tests run a faster clock). */
  refreshLimit?: { limit: number; intervalMs: number };
}

/**
 * An HttpClient whose paths (`/crm/v8/…`) go to the current `api_domain`: the inner client has no
 * base and gets absolute URLs, so the token call (accounts server) and API calls share one budget.
 */
export function createZohoHttp(deps: ZohoHttpDeps): HttpClient & { tokens: ZohoTokens } {
  const clock = deps.clock ?? Date.now;
  const limits = withBudgetOverride(zohoLimits(deps.config), deps.config.budget);
  const budget = new RateBudget({ ...limits, windows: { ...limits.windows, token: deps.refreshLimit ?? ZOHO_REFRESH_LIMIT } }, clock);
  let inner: HttpClient | null = null;
  const tokens = createTokenManager(deps.account, deps.config, (request) => inner!.request(request), clock, deps.refreshLimit?.intervalMs);
  inner = createHttpClient({
    account: deps.account,
    baseUrl: '',
    policy: zohoPolicy(tokens, clock),
    budget,
    clock,
    timeoutMs: deps.timeoutMs ?? deps.config.timeoutMs,
    ...(deps.maxInlineWaitMs !== undefined ? { maxInlineWaitMs: deps.maxInlineWaitMs } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const client = inner;
  return {
    account: deps.account,
    get baseUrl() {
      return tokens.apiBase();
    },
    budget,
    tokens,
    async request(request) {
      if (/^https?:/.test(request.path)) return client.request(request);
      // The token decides the API base: make sure we have one before building the URL.
      await tokens.current();
      const sent = { token: '' };
      const headers = {
        ...request.headers,
        // Read at every send (retries after a refresh carry the new token), remembered per request.
        get authorization() {
          sent.token = tokens.cached();
          return `Zoho-oauthtoken ${sent.token}`;
        },
      };
      const routed: HttpRequest = { ...request, path: tokens.apiBase() + request.path, headers };
      sentWith.set(routed, sent);
      return client.request(routed);
    },
    stats: () => client.stats(),
  };
}
