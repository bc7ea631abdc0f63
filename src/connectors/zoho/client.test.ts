import { describe, expect, it } from 'vitest';
import { AuthExpiredError, RateLimitedError } from '../../pipeline/errors.js';
import type { HttpRequest, HttpResponse } from '../http.js';
import { createTokenManager, TOKEN_PATH, zohoPolicy } from './client.js';
import { ZOHO_ACCOUNTS, zohoAccountSchema, zohoLimits } from './config.js';

const config = zohoAccountSchema.parse({ type: 'zoho', clientId: 'c', clientSecret: 's', refreshToken: 'r', dataCenter: 'eu' });
const ok = (token: string, expiresIn = 3600): HttpResponse => ({ status: 200, headers: {}, body: { access_token: token, api_domain: 'https://www.zohoapis.eu', token_type: 'Bearer', expires_in: expiresIn }, text: '' });

describe('zoho token manager', () => {
  it("posts the refresh grant to the data centre's accounts server and caches the token until shortly before expiry", async () => {
    let now = 0;
    const sent: HttpRequest[] = [];
    const tokens = createTokenManager('a', config, async (r) => (sent.push(r), ok(`t${sent.length}`)), () => now);
    expect((await tokens.current()).token).toBe('t1');
    expect(sent[0]).toMatchObject({ method: 'POST', path: `${ZOHO_ACCOUNTS.eu}${TOKEN_PATH}`, noAuth: true, form: { grant_type: 'refresh_token', client_id: 'c', client_secret: 's', refresh_token: 'r' } });
    now = 3_500_000;
    expect((await tokens.current()).token).toBe('t1');
    now = 3_550_000; // inside the last minute
    expect((await tokens.current()).token).toBe('t2');
    expect(tokens.apiBase()).toBe('https://www.zohoapis.eu');
  });

  it('one refresh in flight for concurrent callers; a 401 of an old token reuses the new one', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const tokens = createTokenManager('a', config, async () => (calls += 1, await gate, ok(`t${calls}`)), () => 0);
    const all = Promise.all([tokens.current(), tokens.current(), tokens.refresh(null)]);
    release();
    await all;
    expect(calls).toBe(1);
    expect(await tokens.refresh('old-token')).toBe(true);
    expect(calls).toBe(1);
    expect(await tokens.refresh('t1')).toBe(true);
    expect(calls).toBe(2);
  });

  it('a refused refresh is AuthExpiredError (refresh answers false); too many refreshes is RateLimitedError', async () => {
    const refused = createTokenManager('a', config, async () => ({ status: 200, headers: {}, body: { error: 'invalid_code' }, text: '' }), () => 0);
    await expect(refused.current()).rejects.toBeInstanceOf(AuthExpiredError);
    expect(await refused.refresh(null)).toBe(false);
    const limited = createTokenManager('a', config, async () => ({ status: 400, headers: {}, body: { error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.' }, text: '' }), () => 0);
    await expect(limited.current()).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('classifies INVALID_TOKEN as auth, TOO_MANY_REQUESTS as rate limiting, token endpoint answers as ok', () => {
    const policy = zohoPolicy({ cached: () => 't', refresh: async () => true }, () => 0);
    const req: HttpRequest = { method: 'GET', path: 'https://x/crm/v8/Leads/search', idempotent: true };
    const res = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body, text: '' });
    expect(policy.classify(res(401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }), req).kind).toBe('auth');
    expect(policy.classify(res(429, { code: 'TOO_MANY_REQUESTS' }), req)).toMatchObject({ kind: 'rate-limited', waitMs: 1000 });
    expect(policy.classify(res(400, {}), { ...req, path: `https://accounts.zoho.com${TOKEN_PATH}` }).kind).toBe('ok');
    expect(policy.classify(res(503, null), req).kind).toBe('retry');
  });

  it('sizes the daily credits by edition and licences', () => {
    expect(zohoLimits({ edition: 'enterprise', licenses: 10 }).daily!.tokens).toBe(60_000);
    expect(zohoLimits({ edition: 'free', licenses: 3 }).daily!.tokens).toBe(5_000);
  });
});
