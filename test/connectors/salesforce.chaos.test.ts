import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemOutcome } from '../../src/connectors/types.js';
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
});
