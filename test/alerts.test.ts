import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEvaluator } from '../src/notify/alert-evaluator.js';
import { createNotifier } from '../src/notify/notifier.js';
import { startPipeline, type Pipeline } from './pipeline-harness.js';
import { admin, testConfig } from './helpers.js';

let p: Pipeline;
let sink: Server;
afterEach(async () => {
  await p?.close();
  await new Promise((resolve) => sink?.close(resolve));
});

describe('alerts', () => {
  it('fire once, stay firing without re-sending, resolve when the condition clears; delivered to Slack and email', async () => {
    const slack: string[] = [];
    sink = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (slack.push(JSON.parse(body).text), res.end('ok')));
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const port = (sink.address() as { port: number }).port;
    p = await startPipeline(testConfig(`alerts: { emailTo: [ops@firma.test] }`));
    const config = testConfig(`alerts: { emailTo: [ops@firma.test] }`);
    const notifier = createNotifier({ from: 'leadwire@localhost', smtp: { host: '127.0.0.1', port: p.capture.port, secure: false }, slack: { webhookUrl: `http://127.0.0.1:${port}/hook`, timeoutMs: 2000 } });
    const evaluator = createAlertEvaluator({ store: p.db.store, config: config.alerts, notifier, clock: { now: () => Date.now() }, log: { info() {}, warn() {}, error() {}, debug() {} } });

    // A lead in the dead-letter queue.
    await p.worker.stop();
    await p.db.store.acceptLead({ sourceId: 'demo', input: { email: 'a@firma.pl', custom: {} }, meta: {}, bodyHash: 'x', dedupWindowMs: 0, idempotencyTtlMs: 1 });
    const [job] = await p.db.store.claim('w', 1, 10_000);
    const letter = await p.db.store.deadLetter(job!, 'w', { reason: 'CRM_5XX', error: 'down', detail: {}, durationMs: 1 });

    expect((await evaluator.evaluate()).map((a) => [a.rule, a.status])).toEqual([['dead-letters', 'firing']]);
    expect(await evaluator.evaluate()).toEqual([]);
    expect(slack).toHaveLength(1);
    const firing = (await p.app.inject({ method: 'GET', url: '/v1/alerts?status=firing', headers: admin })).json().items;
    expect(firing).toMatchObject([{ rule: 'dead-letters', status: 'firing', detail: { open: 1 } }]);

    await p.db.store.replay(letter.id);
    expect((await evaluator.evaluate()).map((a) => [a.rule, a.status])).toEqual([['dead-letters', 'resolved']]);
    expect(slack).toHaveLength(2);
    expect(slack[1]).toContain('Resolved');
    const mail = (await p.app.inject({ method: 'GET', url: '/v1/outbox', headers: admin })).json().items;
    expect(mail.filter((m: { to: string[] }) => m.to.includes('ops@firma.test'))).toHaveLength(2);
    notifier.close();
  });

  it('routing fallbacks and SLA breaches recorded by the worker fire their alerts', async () => {
    p = await startPipeline();
    const config = testConfig();
    const evaluator = createAlertEvaluator({
      store: p.db.store,
      config: config.alerts,
      notifier: { email: async () => ({ response: '' }), slack: async () => false, close() {} },
      clock: { now: () => Date.now() },
      log: { info() {}, warn() {}, error() {}, debug() {} },
    });
    evaluator.observer.recorded!('routed', 'route', { fallback: true });
    evaluator.observer.recorded!('sla-breached', 'follow-up', {});
    evaluator.observer.recorded!('retry-scheduled', 'sync', { kind: 'auth-expired', alert: { account: 'hubspot:main' } });
    const fired = (await evaluator.evaluate()).map((a) => a.key).sort();
    expect(fired).toEqual(['credential-failure:hubspot:main', 'routing-fallbacks', 'sla-breaches']);
  });
});
