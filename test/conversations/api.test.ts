import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { admin, BASE_CONFIG, keyed, testApp, testConfig, type TestStore } from '../helpers.js';
import { CATALOGUE, end, json, msg, open, read, SALES_CHAT, send } from './chat.js';

let app: App;
let db: TestStore;
afterEach(async () => {
  await app.close();
  await db.close();
});

const OTHER_KEY = 'other-source-key-1';
const stored = () => [db.count('conversations'), db.count('conversation_messages'), db.count('leads')];

describe('POST /v1/conversations', () => {
  it('opens once per (channel, externalId): 201, then 200 with the same conversation', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const first = await open(app, { channel: 'webchat', externalId: 'chat-1' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ conversationId: expect.stringMatching(/^cv_/), status: 'open', leadId: null, messageCount: 0, added: [] });
    expect(first.headers.location).toBe(`/v1/conversations/${first.json().conversationId}`);
    const again = await open(app, { channel: 'webchat', externalId: 'chat-1' });
    expect([again.statusCode, again.json().conversationId]).toEqual([200, first.json().conversationId]);
    expect((await open(app, { channel: 'whatsapp', externalId: 'chat-1' })).statusCode).toBe(201);
    expect(stored()).toEqual([2, 0, 0]);
  });

  it('refuses bad bodies with 422 CONVERSATION_INVALID, every issue with its path, nothing stored', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const cases: Array<[object, string[]]> = [
      [{}, ['channel', 'externalId']],
      [{ channel: 'Web Chat', externalId: '' }, ['channel', 'externalId']],
      [{ channel: 'webchat', externalId: 'x', messages: [{ role: 'robot', text: 1, timestamp: 'yesterday' }] }, ['messages.0.role', 'messages.0.text', 'messages.0.timestamp']],
      [{ channel: 'webchat', externalId: 'x', visitor: { email: 'a@b.co', shoeSize: 44 } }, ['visitor']],
      [{ channel: 'webchat', externalId: 'x', ended: 'yes' }, ['ended']],
      [{ channel: 'webchat', externalId: 'x', visitor: { leadId: 'ld_nope' } }, ['visitor.leadId']],
      [[1, 2], ['']],
    ];
    for (const [body, paths] of cases) {
      const res = await open(app, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.code).toBe('CONVERSATION_INVALID');
      expect(res.json().error.issues.map((i: { path: string }) => i.path).sort()).toEqual([...paths].sort());
    }
    const badJson = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: '{"channel":' });
    expect([badJson.statusCode, badJson.json().error.code]).toEqual([400, 'BAD_JSON']);
    const badKey = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, 'idempotency-key': 'has space' }, payload: '{}' });
    expect(badKey.json().error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'headers.idempotency-key' }] });
    expect(stored()).toEqual([0, 0, 0]);
  });

  it('needs a source key: none is 401, an admin key is 403', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const none = await open(app, { channel: 'webchat', externalId: 'a' }, { 'content-type': 'application/json' });
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const asAdmin = await open(app, { channel: 'webchat', externalId: 'a' }, { ...admin, 'content-type': 'application/json' });
    expect([asAdmin.statusCode, asAdmin.json().error.code]).toEqual([403, 'FORBIDDEN']);
    expect(stored()).toEqual([0, 0, 0]);
  });

  it('one-shot capture: a whole transcript with ended: true is stored, analysed and creates the lead', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const res = await open(app, { channel: 'webchat', externalId: 'one-shot', messages: SALES_CHAT.map(({ id: _, ...m }) => m), ended: true });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'ended', messageCount: 6, added: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], leadId: expect.stringMatching(/^ld_/) });
    const view = (await read(app, res.json().conversationId)).json();
    expect(view).toMatchObject({ status: 'ended', endReason: 'ended', startedAt: SALES_CHAT[0]!.timestamp, lastMessageAt: SALES_CHAT[5]!.timestamp });
    expect(view.analysis.contact).toMatchObject({ email: 'tom.baker@nordwind-logistics.com', firstName: 'Tom', lastName: 'Baker' });
    expect(stored()).toEqual([1, 6, 1]);
  });
});

describe('POST /v1/conversations/:id/messages', () => {
  it('stores a message id once: a retried batch is acknowledged as duplicates', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const id = (await open(app, { channel: 'webchat', externalId: 'c' })).json().conversationId;
    const batch = { messages: [msg('a', 'user', 'Hello', 0), msg('b', 'bot', 'Hi! How can I help?', 1)] };
    expect((await send(app, id, batch)).json()).toMatchObject({ added: ['a', 'b'], duplicateIds: [], messageCount: 2 });
    expect((await send(app, id, batch)).json()).toMatchObject({ added: [], duplicateIds: ['a', 'b'], messageCount: 2 });
    expect((await send(app, id, msg('c', 'user', 'What does it cost?', 2))).json()).toMatchObject({ added: ['c'], messageCount: 3 });
    expect((await send(app, id, { messages: [msg('d', 'user', 'x', 3), msg('d', 'user', 'y', 3)] })).json()).toMatchObject({ added: ['d'], duplicateIds: ['d'] });
    expect(db.count('conversation_messages')).toBe(4);
    expect((await read(app, id)).json().messages.map((m: { id: string }) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses bad messages with their paths and stores none of the batch', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const id = (await open(app, { channel: 'webchat', externalId: 'c' })).json().conversationId;
    const bad = await send(app, id, { messages: [msg('a', 'user', 'ok', 0), { id: '', role: 'user', text: 'x', timestamp: -1 }, { role: 'bot', text: 'no id', timestamp: 0 }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['messages.1.id', 'messages.1.timestamp', 'messages.2.id']);
    const single = await send(app, id, { id: 'x', role: 'user' });
    expect(single.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['text', 'timestamp']);
    expect((await send(app, id, { messages: [] })).json().error.issues[0].path).toBe('messages');
    expect(db.count('conversation_messages')).toBe(0);
  });

  it('is 404 for an unknown conversation and for another source’s; 409 once ended', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE, BASE_CONFIG.replace('sources:\n', `sources:\n  other: { keys: [${OTHER_KEY}] }\n`)) }));
    const id = (await open(app, { channel: 'webchat', externalId: 'c' })).json().conversationId;
    expect((await send(app, 'cv_unknown', msg('a', 'user', 'hi'))).json().error.code).toBe('NOT_FOUND');
    const other = { 'x-api-key': OTHER_KEY, 'content-type': 'application/json' };
    expect((await send(app, id, msg('a', 'user', 'hi'), other)).statusCode).toBe(404);
    expect((await read(app, id, { 'x-api-key': OTHER_KEY })).statusCode).toBe(404);
    expect((await end(app, id, { 'x-api-key': OTHER_KEY })).statusCode).toBe(404);
    expect((await read(app, id, admin)).statusCode).toBe(200);

    await send(app, id, msg('a', 'user', 'hi'));
    expect((await end(app, id)).json().status).toBe('ended');
    expect((await end(app, id)).statusCode).toBe(200);
    const late = await send(app, id, { messages: [msg('a', 'user', 'hi'), msg('b', 'user', 'still there?')] });
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'CONVERSATION_ENDED']);
    expect((await send(app, id, msg('a', 'user', 'hi'))).json()).toMatchObject({ added: [], duplicateIds: ['a'] });
    expect(db.count('conversation_messages')).toBe(1);
  });
});

describe('GET /v1/conversations/:id', () => {
  it('needs a key, and shows messages, timestamps and the analysis fields of issue 7', async () => {
    ({ app, db } = await testApp({ config: testConfig(CATALOGUE) }));
    const id = (await open(app, { channel: 'webchat', externalId: 'c', messages: SALES_CHAT.slice(0, 4) })).json().conversationId;
    expect((await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).statusCode).toBe(401);
    const view = (await read(app, id, keyed)).json();
    expect(view).toMatchObject({ id, externalId: 'c', channel: 'webchat', sourceId: 'demo', status: 'open', leadId: null, messageCount: 4, endedAt: null });
    expect(Object.keys(view.analysis)).toEqual(expect.arrayContaining([
      'contact', 'budget', 'timeline', 'decisionMaker', 'competitors', 'products', 'questionsAsked', 'intents', 'objections', 'sentiment', 'isSpam', 'language', 'score', 'note', 'nextBestAction',
    ]));
    expect(view.analysis).toMatchObject({ budget: { min: 50000, currency: 'USD' }, decisionMaker: true, competitors: ['hubspot'], products: ['lead-api'], language: 'en' });
    expect(view.analysis.timeline.withinDays).toBe(14);
  });

  it('documents the conversation routes in OpenAPI', async () => {
    ({ app, db } = await testApp());
    const spec = (await app.inject('/docs/json')).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/conversations', '/v1/conversations/{id}', '/v1/conversations/{id}/messages', '/v1/conversations/{id}/end']));
    expect(spec.paths['/v1/conversations'].post.requestBody.content['application/json'].schema.properties.externalId).toBeDefined();
  });
});
