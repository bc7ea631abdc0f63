import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/loader.js';
import type { App } from '../../src/http/app.js';
import { BASE_CONFIG, testApp, type TestStore } from '../helpers.js';
import { end, msg, open, read } from './chat.js';

/**
 * The optional language model against a local OpenAI-compatible fake (a real HTTP server): good,
 * malformed, failing and slow answers. Every failure keeps the rules' analysis and is counted.
 */
type Mode = 'good' | 'malformed' | 'not-json' | 'error' | 'slow';
let mode: Mode;
let fake: FastifyInstance;
let seen: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }>;
let release: () => void;
let held: Promise<void>;
let app: App;
let db: TestStore;

const MODEL_ANSWER = {
  contact: { email: 'definitely not an email', company: 'Nordwind Logistics' },
  budget: { min: 10000, max: 20000, currency: 'EUR' },
  decisionMaker: false,
  industry: 'logistics',
  intents: ['demo'],
};

beforeEach(async () => {
  seen = [];
  held = new Promise((resolve) => (release = resolve));
  fake = Fastify();
  fake.post('/v1/chat/completions', async (request, reply) => {
    seen.push({ headers: request.headers, body: request.body as Record<string, unknown> });
    if (mode === 'slow') await held;
    if (mode === 'error') return reply.code(500).send({ error: { message: 'overloaded' } });
    if (mode === 'malformed') return { choices: [] };
    const content = mode === 'not-json' ? 'Sure! Here is the JSON: {' : JSON.stringify(MODEL_ANSWER);
    return { id: 'cmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] };
  });
  const url = await fake.listen({ host: '127.0.0.1', port: 0 });
  const config = parseConfigText(
    `${BASE_CONFIG}\nconversations:\n  llm: { baseUrl: '${url}/v1', model: fake-model, apiKey: '\${LLM_API_KEY}', timeoutMs: 300 }\n`,
    { file: 'test.yaml', example: false },
    { LLM_API_KEY: 'sk-test-123' },
  );
  ({ app, db } = await testApp({ config }));
});

afterEach(async () => {
  release();
  await app.close();
  await db.close();
  await fake.close();
});

const TRANSCRIPT = [
  msg('1', 'user', "Hi, I'm Tom Baker, CEO of Nordwind. We'd like a demo of your lead routing, email tom@nordwind-logistics.com", 0),
  msg('2', 'bot', 'Great, our team will reach out.', 1),
];

async function oneShot(externalId: string) {
  const res = await open(app, { channel: 'webchat', externalId, messages: TRANSCRIPT, ended: true });
  expect(res.statusCode).toBe(201);
  return (await read(app, res.json().conversationId)).json().analysis;
}

const counted = async (outcome: string) => {
  const line = (await app.inject('/metrics')).body.split('\n').find((l) => l.startsWith(`leadwire_conversation_model_calls_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
};

describe('the language model provider', () => {
  it('asks for JSON with the key from the environment; merges the answer, rules winning and validators applied', async () => {
    mode = 'good';
    const analysis = await oneShot('good');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe('Bearer sk-test-123');
    expect(seen[0]!.body).toMatchObject({ model: 'fake-model', response_format: { type: 'json_object' } });
    // Filled gaps: budget and industry; the invalid email and the disagreeing decision maker are refused.
    expect(analysis.budget).toMatchObject({ min: 10000, max: 20000, currency: 'EUR' });
    expect(analysis.industry).toBe('logistics');
    expect(analysis.contact.email).toBe('tom@nordwind-logistics.com');
    expect(analysis.decisionMaker).toBe(true);
    expect(await counted('ok')).toBe(1);
  });

  it('a streamed conversation asks the model once, at the end', async () => {
    mode = 'good';
    const id = (await open(app, { channel: 'webchat', externalId: 'streamed', messages: TRANSCRIPT })).json().conversationId;
    expect(seen).toHaveLength(0);
    expect((await read(app, id)).json().analysis.budget).toBeNull();
    expect((await end(app, id)).json().status).toBe('ended');
    expect(seen).toHaveLength(1);
    expect((await read(app, id)).json().analysis.budget).toMatchObject({ currency: 'EUR' });
  });

  it.each([
    ['malformed', 'invalid'],
    ['not-json', 'invalid'],
    ['error', 'error'],
    ['slow', 'timeout'],
  ] as const)('a %s answer keeps the rules-only analysis and counts %s', async (answer, outcome) => {
    mode = answer;
    const analysis = await oneShot(answer);
    expect(seen).toHaveLength(1);
    expect(analysis.budget).toBeNull();
    expect(analysis.contact.email).toBe('tom@nordwind-logistics.com');
    expect(analysis.decisionMaker).toBe(true);
    expect(await counted(outcome)).toBe(1);
    expect(db.count('conversations')).toBe(1);
  });
});
