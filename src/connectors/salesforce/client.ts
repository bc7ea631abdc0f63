import { AsyncLocalStorage } from 'node:async_hooks';
import { AuthExpiredError } from '../../pipeline/errors.js';
import { RateBudget, withBudgetOverride } from '../budget.js';
import { createHttpClient, retryAfterMs, type HttpClient, type HttpRequest, type HttpResponse, type HttpStats, type Verdict, type VendorPolicy } from '../http.js';
import { jwtAudience, SALESFORCE_SANDBOX_CLIENT, salesforceLimits, type SalesforceAccount } from './config.js';
import { errorsOf } from './errors.js';
import { JWT_BEARER_GRANT, privateKeyFrom, signAssertion } from './jwt.js';

/**
 * Salesforce transport. OAuth 2.0 refresh-token flow, or the JWT bearer flow (`auth: jwt`: each
 * token request carries a new RS256 assertion signed with the app's private key): the token
 * endpoint (form-encoded, no auth) answers an access token and the org's `instance_url`, which
 * becomes the API base. A 401
 * `INVALID_SESSION_ID` refreshes once — one refresh in flight, shared by every concurrent call —
 * and a refresh that fails is AuthExpiredError (the runner pauses the account and alerts).
 * `Sforce-Limit-Info: api-usage=n/m` corrects the daily budget; `403 REQUEST_LIMIT_EXCEEDED` is
 * rate limiting.
 */

/** TotalRequests exceeded: the rolling 24 h allocation is spent; give the job back for a while. */
const DAILY_EXHAUSTED_WAIT_MS = 60 * 60_000;
/** Concurrency limits (ConcurrentPerOrgLongTxn …) clear in seconds. */
const CONCURRENCY_WAIT_MS = 2_000;

export function apiUsage(header: string | undefined): { used: number; limit: number } | null {
  const match = /api-usage=(\d+)\/(\d+)/.exec(header ?? '');
  return match ? { used: Number(match[1]), limit: Number(match[2]) } : null;
}

export function classifySalesforce(response: HttpResponse, now: number): Verdict {
  const { status } = response;
  if (status === 401) return { kind: 'auth', reason: errorsOf(response.body)[0]?.errorCode ?? 'unauthorized' };
  const limited = errorsOf(response.body).find((e) => e.errorCode === 'REQUEST_LIMIT_EXCEEDED');
  if (status === 403 && limited) {
    const daily = /TotalRequests/i.test(limited.message);
    return { kind: 'rate-limited', waitMs: daily ? DAILY_EXHAUSTED_WAIT_MS : CONCURRENCY_WAIT_MS, reason: 'REQUEST_LIMIT_EXCEEDED' };
  }
  if (status === 429) return { kind: 'rate-limited', waitMs: retryAfterMs(response.headers['retry-after'], now) ?? CONCURRENCY_WAIT_MS, reason: 'too many requests' };
  if (status >= 500) return { kind: 'retry', reason: `server answered ${status}` };
  return { kind: 'ok' };
}

export interface OAuthState {
  accessToken: string | null;
  instanceUrl: string | null;
}

export interface SalesforceHttpDeps {
  account: string;
  config: SalesforceAccount;
  clock?: () => number;
  timeoutMs?: number;
  maxInlineWaitMs?: number;
  signal?: AbortSignal;
}

export interface SalesforceHttp extends HttpClient {
  /** Force a new access token (tests, forced expiry); shared with concurrent callers. */
  refresh(): Promise<boolean>;
  readonly oauth: Readonly<OAuthState>;
}

/**
 * The HTTP client for one org: a token client at the login URL, and the API client at the
 * `instance_url`, created after the first token answer (recreated if a refresh moves the org).
 */
export function createSalesforceHttp(deps: SalesforceHttpDeps): SalesforceHttp {
  const clock = deps.clock ?? Date.now;
  const { config } = deps;
  const sandbox = !config.clientId;
  const credentials = {
    client_id: sandbox ? SALESFORCE_SANDBOX_CLIENT.clientId : config.clientId!,
    client_secret: sandbox ? SALESFORCE_SANDBOX_CLIENT.clientSecret : (config.clientSecret ?? ''),
    refresh_token: config.refreshToken || SALESFORCE_SANDBOX_CLIENT.refreshToken,
  };
  const loginUrl = (config.baseUrl ?? config.loginUrl).replace(/\/+$/, '');
  // JWT bearer: no refresh token, a fresh assertion per token request (the key parsed once, at start).
  const jwt = !sandbox && config.auth === 'jwt' ? { key: privateKeyFrom(config.privateKey ?? ''), iss: config.clientId!, sub: config.username ?? '', aud: jwtAudience(config) } : null;
  const grant = (): Record<string, string> =>
    jwt ? { grant_type: JWT_BEARER_GRANT, assertion: signAssertion({ iss: jwt.iss, sub: jwt.sub, aud: jwt.aud }, jwt.key, clock()) } : { grant_type: 'refresh_token', ...credentials };
  const budget = new RateBudget(withBudgetOverride(salesforceLimits(config), config.budget), clock);
  const common = { account: deps.account, budget, clock, timeoutMs: deps.timeoutMs ?? config.timeoutMs, ...(deps.maxInlineWaitMs !== undefined ? { maxInlineWaitMs: deps.maxInlineWaitMs } : {}), ...(deps.signal ? { signal: deps.signal } : {}) };
  const state: OAuthState = { accessToken: null, instanceUrl: null };
  let inFlight: Promise<boolean> | null = null;
  /** Bumped by each successful refresh; each request remembers the generation of the token it sent. */
  let generation = 0;
  /** Whether the latest refresh worked: a 401 then means a session that expired again, not a dead credential. */
  let lastRefreshOk = false;
  const sent = new AsyncLocalStorage<{ generation: number }>();

  const tokenClient = createHttpClient({
    ...common,
    baseUrl: loginUrl,
    policy: {
      auth: () => ({}),
      classify: (response): Verdict =>
        response.status >= 500 ? { kind: 'retry', reason: `token endpoint answered ${response.status}` } : response.status === 429 ? classifySalesforce(response, clock()) : { kind: 'ok' },
    },
  });

  async function doRefresh(): Promise<boolean> {
    const response = await tokenClient.request({ method: 'POST', path: '/services/oauth2/token', form: grant(), noAuth: true, idempotent: true, cost: 0 });
    const body = response.body as { access_token?: unknown; instance_url?: unknown } | null;
    if (response.status !== 200 || typeof body?.access_token !== 'string' || typeof body.instance_url !== 'string') {
      lastRefreshOk = false;
      return false;
    }
    state.accessToken = body.access_token;
    generation += 1;
    lastRefreshOk = true;
    if (state.instanceUrl !== body.instance_url) {
      state.instanceUrl = body.instance_url;
      api = createHttpClient({ ...common, baseUrl: body.instance_url, policy });
    }
    return true;
  }

  /** One refresh at a time: concurrent callers share the one in flight. */
  function refresh(): Promise<boolean> {
    if (!inFlight) {
      inFlight = doRefresh().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  }

  const policy: VendorPolicy = {
    auth: async (): Promise<Record<string, string>> => {
      if (inFlight) await inFlight.catch(() => false);
      const store = sent.getStore();
      if (store) store.generation = generation;
      return state.accessToken ? { authorization: `Bearer ${state.accessToken}` } : {};
    },
    classify: (response) => classifySalesforce(response, clock()),
    observe(response, _request, b) {
      const usage = apiUsage(response.headers['sforce-limit-info']);
      if (usage) b.correctDaily(Math.max(0, usage.limit - usage.used));
    },
    // A 401 for a token older than the current one needs no new refresh: send again with the new one.
    refreshAuth: async () => ((sent.getStore()?.generation ?? generation) < generation ? true : refresh().catch(() => false)),
  };
  let api: HttpClient | null = null;

  async function request(req: HttpRequest): Promise<HttpResponse> {
    if (!api && !(await refresh().catch(() => false))) throw new AuthExpiredError(`${deps.account}: salesforce token refresh failed`, deps.account);
    // The shared client refreshes once per request; a session that expires again before the resend
    // (short lifetimes, forced expiry) is sent again while the refresh itself keeps working. A 401
    // means nothing was processed, so a resend is safe for every method.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await sent.run({ generation }, () => api!.request({ cost: 1, ...req }));
      } catch (error) {
        if (!(error instanceof AuthExpiredError) || !lastRefreshOk || attempt >= 3) throw error;
      }
    }
  }

  function stats(): HttpStats {
    const a = api?.stats();
    const t = tokenClient.stats();
    if (!a) return t;
    const byStatus = { ...a.byStatus };
    for (const [k, v] of Object.entries(t.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
    return { requests: a.requests + t.requests, byStatus, rateLimited: a.rateLimited + t.rateLimited, networkErrors: a.networkErrors + t.networkErrors, retries: a.retries + t.retries };
  }

  return {
    account: deps.account,
    get baseUrl() {
      return state.instanceUrl ?? loginUrl;
    },
    budget,
    request,
    stats,
    refresh,
    oauth: state,
  };
}
