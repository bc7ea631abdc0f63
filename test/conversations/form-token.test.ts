import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { aLead, BASE_CONFIG, FORM_ORIGIN, FORM_TOKEN, keyed, testApp, testConfig, type TestStore } from '../helpers.js';
import { CATALOGUE, end, json, msg, open, read, send } from './chat.js';

/** A chat widget on a public page writes conversations with its source's form token, never a key. */
let app: App;
let db: TestStore;
afterEach(async () => {
  await app.close();
  await db.close();
});

const WIDGET_TOKEN = 'wc_widget_token_1';
const WIDGET_ORIGIN = 'https://shop.example.org';
const WIDGET = `
  widget:
    public: { origins: [${WIDGET_ORIGIN}], formToken: ${WIDGET_TOKEN}, scopes: [conversations] }
    rateLimit: { perIp: { points: 6, windowSeconds: 60 } }
`;

/** The test config with the widget's source added under `sources:`. */
async function start() {
  ({ app, db } = await testApp({ config: testConfig(CATALOGUE, BASE_CONFIG.replace('sources:\n', `sources:\n${WIDGET}`)) }));
}

const widget = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', origin: WIDGET_ORIGIN, 'x-form-token': WIDGET_TOKEN, ...extra });
const stored = () => [db.count('conversations'), db.count('conversation_messages')];

describe('form tokens on the conversation routes', () => {
  it('allowed: a token with the conversations scope from its origin opens, writes and ends; CORS answers its origin', async () => {
    await start();
    const opened = await open(app, { channel: 'webchat', externalId: 'w-1' }, widget());
    expect(opened.statusCode).toBe(201);
    expect(opened.headers['access-control-allow-origin']).toBe(WIDGET_ORIGIN);
    const id = opened.json().conversationId;
    const sent = await send(app, id, msg('u1', 'user', 'Hi, I am Ola, ola@sklep-ola.pl. Do you integrate with Shopify?'), widget());
    expect([sent.statusCode, sent.json().added]).toEqual([200, ['u1']]);
    expect(sent.json().leadId).toMatch(/^ld_/);
    // The token may also travel in the body, as a form's does; it is not stored as conversation data.
    const inBody = await send(app, id, { ...msg('u2', 'user', 'Thanks!', 1), formToken: WIDGET_TOKEN }, { 'content-type': 'application/json', origin: WIDGET_ORIGIN });
    expect([inBody.statusCode, inBody.json().added]).toEqual([200, ['u2']]);
    const ended = await end(app, id, { origin: WIDGET_ORIGIN, 'x-form-token': WIDGET_TOKEN });
    expect([ended.statusCode, ended.json().status]).toEqual([200, 'ended']);

    const view = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}`, headers: { 'x-api-key': 'admin-key-for-tests' } })).json();
    expect(view).toMatchObject({ sourceId: 'widget', status: 'ended', messageCount: 2 });
    // Reading needs a key: the widget's token reads nothing.
    const readByToken = await read(app, id, { 'x-form-token': WIDGET_TOKEN, origin: WIDGET_ORIGIN });
    expect([readByToken.statusCode, readByToken.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('preflight: OPTIONS answers the widget origin with the methods and headers it may use, and nothing to others', async () => {
    await start();
    for (const url of ['/v1/conversations', '/v1/conversations/cv_x/messages', '/v1/conversations/cv_x/end']) {
      const ok = await app.inject({ method: 'OPTIONS', url, headers: { origin: WIDGET_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-form-token' } });
      expect(ok.statusCode).toBe(204);
      expect(ok.headers).toMatchObject({ 'access-control-allow-origin': WIDGET_ORIGIN, 'access-control-allow-methods': 'POST' });
      expect(String(ok.headers['access-control-allow-headers'])).toContain('x-form-token');
      const evil = await app.inject({ method: 'OPTIONS', url, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(evil.statusCode).toBe(204);
      expect(evil.headers['access-control-allow-origin']).toBeUndefined();
      expect(evil.headers['access-control-allow-headers']).toBeUndefined();
    }
  });

  it('wrong origin (or none): 403 ORIGIN_NOT_ALLOWED on create, messages and end; nothing stored', async () => {
    await start();
    const id = (await open(app, { channel: 'webchat', externalId: 'w-2' }, widget())).json().conversationId;
    for (const origin of <Array<Record<string, string>>>[{ origin: 'https://evil.example' }, {}]) {
      const headers = { 'content-type': 'application/json', 'x-form-token': WIDGET_TOKEN, ...origin };
      for (const res of [
        await open(app, { channel: 'webchat', externalId: 'w-evil' }, headers),
        await send(app, id, msg('x', 'user', 'hello'), headers),
        await end(app, id, { 'x-form-token': WIDGET_TOKEN, ...origin }),
      ]) {
        expect([res.statusCode, res.json().error.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
      }
    }
    expect(stored()).toEqual([1, 0]);
    expect((await read(app, id)).statusCode).toBe(404); // another source's key does not see it either
  });

  it('wrong scope: a form token without `conversations` gets 403 FORBIDDEN, and a conversations-only token cannot post leads', async () => {
    await start();
    const formOnly = { 'content-type': 'application/json', origin: FORM_ORIGIN, 'x-form-token': FORM_TOKEN };
    const res = await open(app, { channel: 'webchat', externalId: 'w-3' }, formOnly);
    expect([res.statusCode, res.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(res.json().error.message).toMatch(/conversations/);
    const id = (await open(app, { channel: 'webchat', externalId: 'w-4' }, widget())).json().conversationId;
    expect((await send(app, id, msg('x', 'user', 'hello'), formOnly)).json().error.code).toBe('FORBIDDEN');
    expect((await end(app, id, { origin: FORM_ORIGIN, 'x-form-token': FORM_TOKEN })).json().error.code).toBe('FORBIDDEN');
    const lead = await app.inject({ method: 'POST', url: '/v1/leads', headers: widget(), payload: JSON.stringify(aLead()) });
    expect([lead.statusCode, lead.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(stored()).toEqual([1, 0]);
    expect(db.count('leads')).toBe(0);
  });

  it('missing or unknown credentials: 401 UNAUTHENTICATED, nothing stored', async () => {
    await start();
    const id = (await open(app, { channel: 'webchat', externalId: 'w-5' }, widget())).json().conversationId;
    for (const headers of [{ 'content-type': 'application/json', origin: WIDGET_ORIGIN }, widget({ 'x-form-token': 'unknown-token-1' })]) {
      const responses = [await open(app, { channel: 'webchat', externalId: 'w-6' }, headers), await send(app, id, msg('x', 'user', 'hi'), headers)];
      for (const r of responses) expect([r.statusCode, r.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    const noBody = await end(app, id, { origin: WIDGET_ORIGIN });
    expect([noBody.statusCode, noBody.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(stored()).toEqual([1, 0]);
  });

  it('the source\'s rate limits apply per address: past them 429 RATE_LIMITED with Retry-After', async () => {
    await start();
    const id = (await open(app, { channel: 'webchat', externalId: 'w-7' }, widget())).json().conversationId;
    for (let i = 0; i < 5; i++) expect((await send(app, id, msg(`m${i}`, 'user', `message ${i}`, i), widget())).statusCode).toBe(200);
    const over = await send(app, id, msg('m9', 'user', 'one too many', 9), widget());
    expect([over.statusCode, over.json().error.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(stored()).toEqual([1, 5]);
  });

  it('a form token cannot attach a conversation to a known lead by id: 422 with the path, nothing stored', async () => {
    await start();
    const res = await open(app, { channel: 'webchat', externalId: 'w-8', visitor: { leadId: 'ld_01ABCDEFGHJKMNPQRSTVWXYZ012' } }, widget());
    expect([res.statusCode, res.json().error.code, res.json().error.issues]).toEqual([422, 'CONVERSATION_INVALID', [{ path: 'visitor.leadId', message: 'not accepted with a form token' }]]);
    expect(stored()).toEqual([0, 0]);
  });

  it('the OpenAPI document names the form token on the three write routes', async () => {
    await start();
    const spec = (await app.inject('/docs/json')).json();
    expect(spec.components.securitySchemes.formToken).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Form-Token' });
    for (const path of ['/v1/conversations', '/v1/conversations/{id}/messages', '/v1/conversations/{id}/end']) {
      expect(spec.paths[path].post.security).toContainEqual({ formToken: [] });
    }
    expect(spec.paths['/v1/conversations/{id}'].get.security).toBeUndefined();
  });

  it('a widget token writes only its own source\'s conversations', async () => {
    await start();
    const keyedId = (await open(app, { channel: 'webchat', externalId: 'k-1' }, json)).json().conversationId;
    const res = await send(app, keyedId, msg('x', 'user', 'hi'), widget());
    expect([res.statusCode, res.json().error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await read(app, keyedId, keyed)).json().messageCount).toBe(0);
  });
});
