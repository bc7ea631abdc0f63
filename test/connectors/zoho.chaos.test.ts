import Fastify from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { zohoAccountSchema } from '../../src/connectors/zoho/config.js';
import { zohoModule } from '../../src/connectors/zoho/module.js';
import type { ItemOutcome } from '../../src/connectors/types.js';
import { startZoho, type ZohoHarness } from './zoho-setup.js';

/**
 * Zoho under faults: a lost upsert answer is re-sent without a duplicate; a small chaos run (5xx,
 * 429, resets, lost answers after the write, forced token expiry) lands every lead and note
 * exactly once. And the registry's view: the module's sandbox connector finds its accounts server
 * at `<api mount>-accounts`.
 */

const ok = (o: ItemOutcome | undefined): string => {
  if (!o?.ok) throw new Error(`expected success, got ${o ? o.error.message : 'nothing'}`);
  return o.id;
};
const lead = (i: number) => ({ leadId: `c${i}`, keys: { email: `chaos${i}@example.com`, phone: null }, firstName: 'C', lastName: `L${i}`, ownerId: null, fields: {}, labels: [], companyId: null });

describe('zoho under faults', () => {
  let h: ZohoHarness;
  afterEach(() => h.close());

  it('an upsert whose answer was lost after the write is re-sent and updates, never duplicates', async () => {
    h = await startZoho();
    await h.connector.findPerson({ email: 'warm@example.com', phone: null });
    h.kit.faults = { ...h.kit.faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['POST /crm/v8/Leads/upsert'] };
    const [outcome] = await h.connector.upsertPersons([lead(0)], [null]);
    expect(outcome).toMatchObject({ ok: true, created: false });
    expect(await h.inspect.persons()).toHaveLength(1);
  });

  it('leads and notes land exactly once through faults and forced token expiry', async () => {
    h = await startZoho();
    const connector = h.makeConnector('sandbox-refresh', { timeoutMs: 2_000 });
    h.kit.faults = { ...h.kit.faults, statusRates: { '500': 0.1, '503': 0.05, '429': 0.05 }, resetRate: 0.1, lostAfterWriteRate: 0.5 };
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      if (i % 10 === 5) await fetch(`${h.baseUrl}/_sandbox/expire-tokens`, { method: 'POST' });
      let id: string | null = null;
      for (let attempt = 0; id === null && attempt < 5; attempt += 1) {
        const [o] = await connector.upsertPersons([lead(i)], [null]);
        if (o?.ok) id = o.id;
      }
      expect(id).not.toBeNull();
      ids.push(id!);
      let done = false;
      for (let attempt = 0; !done && attempt < 5; attempt += 1) {
        const [n] = await connector.addNotes([{ leadId: `c${i}`, key: `note:c${i}`, body: 'chaos', at: Date.now(), ownerId: null, links: { personId: id!, companyId: null, dealId: null } }], { reconcile: attempt > 0 });
        done = n?.ok === true;
      }
      expect(done).toBe(true);
    }
    h.kit.faults = { ...h.kit.faults, statusRates: {}, resetRate: 0 };
    expect(new Set(ids).size).toBe(40);
    expect(await h.inspect.persons()).toHaveLength(40);
    for (const id of ids) expect(await h.inspect.notesOf(id)).toHaveLength(1);
    expect(Object.keys(h.kit.counters.injected).length).toBeGreaterThan(0);
  });

  it("the module's sandbox connector uses the accounts mount beside the API mount", async () => {
    const { kit, plugin, accountsPlugin } = zohoModule.createSandbox();
    if (!accountsPlugin) throw new Error('the Zoho sandbox brings its accounts server');
    const app = Fastify({ forceCloseConnections: true });
    await app.register(plugin, { prefix: '/sandbox/zoho' });
    await app.register(accountsPlugin, { prefix: '/sandbox/zoho-accounts' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const config = zohoAccountSchema.parse({ type: 'zoho' });
      const { connector } = zohoModule.createConnector({ account: 'z', config, baseUrl: `${address}/sandbox/zoho`, sandbox: true, logger: pino({ level: 'silent' }), clock: Date.now });
      expect(zohoModule.hasCredential(config)).toBe(false);
      expect(await connector.health()).toEqual({ ok: true, detail: { orgId: '1', zgid: '1', edition: 'Enterprise' } });
      expect(ok((await connector.upsertPersons([lead(99)], [null]))[0])).toBe(kit.all('Leads')[0]!.id);
    } finally {
      await app.close();
    }
  });
});
