import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemOutcome, PersonRecord } from '../../src/connectors/types.js';
import { startSalesforce, type SalesforceHarness } from './salesforce-setup.js';

/**
 * A small chaos run: 40 leads (person, note, task) through 30 % injected faults (5xx, resets with
 * the write done or not) while every session is expired every 300 ms. Each step is retried
 * the way the runner retries a job (reconcile on the next attempt). Exactly one record each.
 */

describe('salesforce chaos', () => {
  let h: SalesforceHarness;
  beforeAll(async () => {
    h = await startSalesforce();
    await h.connector.ensureCustomFields();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function untilOk(step: (reconcile: boolean) => Promise<ItemOutcome[]>): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const [outcome] = await step(attempt > 0);
      if (outcome!.ok) return outcome!.id;
      if (outcome!.error.kind === 'permanent' || outcome!.error.kind === 'auth-expired') throw outcome!.error;
    }
    throw new Error('no success after 20 attempts');
  }

  it('writes every lead, note and task exactly once', async () => {
    const { connector } = h.makeClient('sandbox-refresh', { timeoutMs: 2_000 });
    h.kit.faults = { ...h.kit.faults, statusRates: { '500': 0.1, '503': 0.05 }, resetRate: 0.15, lostAfterWriteRate: 0.5 };
    let done = 0;
    const expiring = setInterval(() => h.expireTokens(), 300);
    try {
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const email = `chaos${i}@example.com`;
          const personId = await untilOk(() => connector.upsertPersons([{ leadId: `c${i}`, keys: { email, phone: null }, firstName: 'C', lastName: `L${i}`, ownerId: null, fields: {}, labels: [], companyId: null }], [null]));
          const links = { personId, companyId: null, dealId: null };
          await untilOk((reconcile) => connector.addNotes([{ leadId: `c${i}`, key: `note:c${i}`, body: `Lead ${i}`, at: Date.now(), ownerId: null, links }], { reconcile }));
          await untilOk((reconcile) => connector.createTasks([{ leadId: `c${i}`, key: `task:c${i}`, subject: 'Call', body: 'x', dueAt: Date.now(), priority: 'high', type: 'call', ownerId: null, links }], { reconcile }));
          done += 1;
        }),
      );
    } finally {
      clearInterval(expiring);
      h.kit.faults = { ...h.kit.faults, statusRates: {}, resetRate: 0 };
    }
    expect(done).toBe(40);
    const leads = h.kit.all('Lead').filter((r) => String(r.data.Email).startsWith('chaos'));
    expect(leads).toHaveLength(40);
    for (const lead of leads) {
      expect(h.kit.all('Note').filter((n) => n.data.ParentId === lead.id)).toHaveLength(1);
      expect(h.kit.all('Task').filter((t) => t.data.WhoId === lead.id)).toHaveLength(1);
    }
    expect(Object.values(h.kit.counters.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
    expect(h.kit.counters.byStatus['401']).toBeGreaterThan(0);
  }, 60_000);

  it('batches through sObject Collections land every person (leads and contacts) and every case exactly once', async () => {
    const { connector } = h.makeClient('sandbox-refresh', { timeoutMs: 2_000 });
    const persons: PersonRecord[] = Array.from({ length: 200 }, (_, i) => ({ leadId: `b${i}`, keys: { email: `batch-chaos${i}@example.com`, phone: null }, firstName: 'B', lastName: `Batch${i}`, ownerId: null, fields: {}, labels: [], companyId: null, role: i % 5 === 0 ? 'contact' : 'lead' }));
    const ids = new Map<string, string>();
    const cases = new Map<string, string>();
    h.kit.faults = { ...h.kit.faults, statusRates: { '500': 0.1, '503': 0.05 }, resetRate: 0.15, lostAfterWriteRate: 0.5 };
    const expiring = setInterval(() => h.expireTokens(), 300);
    try {
      // The runner's way: each round sends what is still missing, in batches of 50, the ledger's ids along.
      for (let round = 0; round < 20 && ids.size < persons.length; round += 1) {
        const missing = persons.filter((p) => !ids.has(p.leadId));
        await Promise.all(
          Array.from({ length: Math.ceil(missing.length / 50) }, async (_, b) => {
            const batch = missing.slice(b * 50, b * 50 + 50);
            const outcomes = await connector.upsertPersons(batch, batch.map(() => null));
            outcomes.forEach((o, i) => (o.ok ? ids.set(batch[i]!.leadId, o.id) : expect(o.error.kind).not.toBe('permanent')));
          }),
        );
      }
      for (let round = 0; round < 20 && cases.size < 40; round += 1) {
        const open = persons.filter((p, i) => i % 5 === 0 && !cases.has(p.leadId));
        const tickets = open.map((p) => ({ leadId: p.leadId, key: `ticket:${p.leadId}`, subject: 'Support request', description: 'x', priority: 'high' as const, origin: 'chat', ownerId: null, contact: { name: null, email: p.keys.email, phone: null, company: null }, links: { personId: ids.get(p.leadId)!, personRole: 'contact' as const, companyId: null, dealId: null } }));
        const outcomes = await connector.createTickets!(tickets, { reconcile: round > 0 });
        outcomes.forEach((o, i) => o.ok && cases.set(open[i]!.leadId, o.id));
      }
    } finally {
      clearInterval(expiring);
      h.kit.faults = { ...h.kit.faults, statusRates: {}, resetRate: 0 };
    }
    expect(ids.size).toBe(200);
    expect(cases.size).toBe(40);
    for (const p of persons) {
      const object = p.role === 'contact' ? 'Contact' : 'Lead';
      expect(h.kit.all(object).filter((r) => r.data.Email === p.keys.email).map((r) => r.id)).toEqual([ids.get(p.leadId)]);
    }
    expect(h.kit.all('Case').filter((c) => String(c.data.SuppliedEmail).startsWith('batch-chaos'))).toHaveLength(40);
    expect(h.kit.counters.byRoute['PATCH /sandbox/salesforce/services/data/v62.0/composite/sobjects/:object/:field']).toBeGreaterThan(0);
  }, 60_000);
});
