import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError } from '../../src/pipeline/errors.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import type { Connector, PersonRecord, RecordLinks } from '../../src/connectors/types.js';

/**
 * The connector contract suite: one set of cases every CRM connector must pass against its own
 * sandbox, over real HTTP. A CRM's `<crm>.contract.test.ts` supplies the setup and a few
 * read-only views of its sandbox's records (`inspect`).
 */
export interface ContractSetup {
  connector: Connector;
  kit: SandboxKit;
  baseUrl: string;
  makeConnector(token?: string): Connector;
  inspect: {
    persons(): Promise<Array<{ id: string; email: string | null; phone: string | null; companyId: string | null }>>;
    notesOf(personId: string): Promise<string[]>;
    tasksOf(personId: string): Promise<Array<{ subject: string; ownerId: string | null }>>;
    dealsOf(personId: string): Promise<Array<{ title: string }>>;
    /** CRMs with the `contacts` capability: their contacts, and the lead a contact replaced. */
    contacts?(): Promise<Array<{ id: string; email: string | null; companyId: string | null }>>;
    convertedTo?(leadId: string): Promise<string | null>;
    /** CRMs with the `tickets` capability. */
    ticketsOf?(personId: string): Promise<Array<{ subject: string }>>;
  };
  close(): Promise<void>;
}

let seq = 0;
function person(overrides: Partial<PersonRecord> = {}): PersonRecord {
  seq += 1;
  return {
    leadId: `ld_contract_${seq}`,
    keys: { email: `person${seq}@acme-contract.com`, phone: null },
    firstName: 'Anna',
    lastName: `Nowak${seq}`,
    ownerId: null,
    fields: {},
    labels: [],
    companyId: null,
    ...overrides,
  };
}

function unwrap(outcome: Awaited<ReturnType<Connector['upsertPersons']>>[number]): { id: string; created: boolean } {
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

export function runConnectorContract(name: string, setup: () => Promise<ContractSetup>): void {
  describe(`connector contract: ${name}`, () => {
    let s: ContractSetup;
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s?.close();
    });
    const noFaults = () => {
      s.kit.faults = { ...s.kit.faults, statusRates: {}, timeoutRate: 0, resetRate: 0, maxInjections: null, paths: [], searchLagMs: 0, latencyMs: 0 };
    };

    it('reports health with the sandbox credential and AuthExpiredError with a wrong one', async () => {
      expect((await s.connector.health()).ok).toBe(true);
      const bad = s.makeConnector('not-a-valid-token');
      await expect(bad.findPerson({ email: 'nobody@acme-contract.com', phone: null })).rejects.toBeInstanceOf(AuthExpiredError);
    });

    it('creates a person once, finds it by email and by phone, and never duplicates on a repeated upsert', async () => {
      noFaults();
      const p = person({ keys: { email: `find${seq + 1}@acme-contract.com`, phone: '+48600100200' } });
      const [first] = await s.connector.upsertPersons([p], [null]);
      const created = unwrap(first!);
      expect(created.created).toBe(true);
      expect(await s.connector.findPerson({ email: p.keys.email, phone: null })).toBe(created.id);
      expect(await s.connector.findPerson({ email: null, phone: '+48600100200' })).toBe(created.id);
      expect(await s.connector.findPerson({ email: 'absent@acme-contract.com', phone: null })).toBeNull();

      const [again] = await s.connector.upsertPersons([{ ...p, lastName: 'Nowak-Kowalska' }], [null]);
      expect(unwrap(again!)).toMatchObject({ id: created.id, created: false });
      const matching = (await s.inspect.persons()).filter((r) => r.email === p.keys.email);
      expect(matching).toHaveLength(1);
    });

    it('updates through a known id', async () => {
      noFaults();
      const p = person();
      const id = unwrap((await s.connector.upsertPersons([p], [null]))[0]!).id;
      const [updated] = await s.connector.upsertPersons([{ ...p, firstName: 'Janina' }], [id]);
      expect(unwrap(updated!)).toMatchObject({ id, created: false });
    });

    it('answers a batch item by item, in order, with a per-item error for an invalid person', async () => {
      noFaults();
      const existing = person();
      const existingId = unwrap((await s.connector.upsertPersons([existing], [null]))[0]!).id;
      const batch = [person(), existing, person({ keys: { email: 'not-an-email', phone: null } }), person()];
      const outcomes = await s.connector.upsertPersons(batch, [null, null, null, null]);
      expect(outcomes).toHaveLength(4);
      expect(outcomes[0]!.ok && outcomes[3]!.ok).toBe(true);
      expect(unwrap(outcomes[1]!)).toMatchObject({ id: existingId, created: false });
      expect(outcomes[2]!.ok).toBe(false);
      if (!outcomes[2]!.ok) expect(outcomes[2]!.error).toBeInstanceOf(PermanentError);
    });

    it('links a person to a company, and a deal, a note and a task to the person', async () => {
      noFaults();
      const p = person();
      const [company] = await s.connector.upsertCompanies([{ leadId: p.leadId, name: `Acme Contract ${seq}`, domain: `acme-contract-${seq}.com`, ownerId: null, fields: {} }], [null]);
      const companyId = unwrap(company!).id;
      const [again] = await s.connector.upsertCompanies([{ leadId: p.leadId, name: `Acme Contract ${seq}`, domain: `acme-contract-${seq}.com`, ownerId: null, fields: {} }], [companyId]);
      expect(unwrap(again!).id).toBe(companyId);
      const personId = unwrap((await s.connector.upsertPersons([{ ...p, companyId }], [null]))[0]!).id;
      expect((await s.inspect.persons()).find((r) => r.id === personId)?.companyId).toBe(companyId);

      const links: RecordLinks = { personId, companyId, dealId: null };
      const [deal] = await s.connector.createDeals(
        [{ leadId: p.leadId, key: `deal:${p.leadId}`, title: 'Acme – inbound', value: 5000, currency: 'PLN', pipeline: null, stage: null, ownerId: null, closeDate: '2026-12-31', links, fields: {} }],
        { reconcile: false },
      );
      const dealId = unwrap(deal!).id;
      const withDeal = { ...links, dealId };
      const [note] = await s.connector.addNotes([{ leadId: p.leadId, key: `note:${p.leadId}`, body: 'Asked about pricing\nBudget 40k', at: Date.now(), ownerId: null, links: withDeal }], { reconcile: false });
      const [task] = await s.connector.createTasks(
        [{ leadId: p.leadId, key: `task:${p.leadId}`, subject: 'Call back within 1 hour', body: 'Hot lead', dueAt: Date.now() + 3_600_000, priority: 'high', type: 'call', ownerId: null, links: withDeal }],
        { reconcile: false },
      );
      expect(note!.ok && task!.ok).toBe(true);
      expect((await s.inspect.dealsOf(personId)).map((d) => d.title)).toEqual(['Acme – inbound']);
      expect((await s.inspect.notesOf(personId)).some((body) => body.includes('Asked about pricing'))).toBe(true);
      expect((await s.inspect.tasksOf(personId)).map((t) => t.subject)).toEqual(['Call back within 1 hour']);

      // A re-run of the job (reconcile) finds each record by its key instead of creating another.
      const rerun = await s.connector.addNotes([{ leadId: p.leadId, key: `note:${p.leadId}`, body: 'Asked about pricing\nBudget 40k', at: Date.now(), ownerId: null, links: withDeal }], { reconcile: true });
      expect(unwrap(rerun[0]!).id).toBe(unwrap(note!).id);
      const rerunTask = await s.connector.createTasks(
        [{ leadId: p.leadId, key: `task:${p.leadId}`, subject: 'Call back within 1 hour', body: 'Hot lead', dueAt: Date.now() + 3_600_000, priority: 'high', type: 'call', ownerId: null, links: withDeal }],
        { reconcile: true },
      );
      expect(unwrap(rerunTask[0]!).id).toBe(unwrap(task!).id);
      expect(await s.inspect.notesOf(personId)).toHaveLength(1);
      expect(await s.inspect.tasksOf(personId)).toHaveLength(1);
      expect(await s.inspect.dealsOf(personId)).toHaveLength(1);
    });

    it('creates a note exactly once when the answer to the create is lost after the write', async () => {
      noFaults();
      const p = person();
      const personId = unwrap((await s.connector.upsertPersons([p], [null]))[0]!).id;
      s.kit.faults = { ...s.kit.faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: [] };
      const [note] = await s.connector.addNotes([{ leadId: p.leadId, key: `note:lost:${p.leadId}`, body: 'Lost answer', at: Date.now(), ownerId: null, links: { personId, companyId: null, dealId: null } }], { reconcile: false });
      noFaults();
      expect(note!.ok).toBe(true);
      expect(await s.inspect.notesOf(personId)).toHaveLength(1);
    });

    it('waits out the CRM rate limit instead of failing', async () => {
      noFaults();
      s.kit.faults = { ...s.kit.faults, statusRates: { '429': 1 }, maxInjections: 1 };
      const p = person();
      const [outcome] = await s.connector.upsertPersons([p], [null]);
      noFaults();
      expect(unwrap(outcome!).created).toBe(true);
      expect(s.kit.counters.injected['429']).toBeGreaterThanOrEqual(1);
    });

    it('writes a qualified person as a contact linked to its company, and links the lead it was (CRMs with contacts)', async (ctx) => {
      if (!s.connector.capabilities.contacts || !s.inspect.contacts || !s.inspect.convertedTo) return ctx.skip('this CRM has one person object');
      noFaults();
      const p = person();
      const leadId = unwrap((await s.connector.upsertPersons([p], [null]))[0]!).id;
      const [company] = await s.connector.upsertCompanies([{ leadId: p.leadId, name: `Contact Co ${seq}`, domain: null, ownerId: null, fields: {} }], [null]);
      const companyId = unwrap(company!).id;
      const qualified: PersonRecord = { ...p, role: 'contact', convertFrom: leadId, companyId };
      const contact = unwrap((await s.connector.upsertPersons([qualified], [null]))[0]!);
      expect(contact.created).toBe(true);
      expect(contact.id).not.toBe(leadId);
      expect((await s.inspect.contacts()).filter((c) => c.email === p.keys.email)).toEqual([{ id: contact.id, email: p.keys.email, companyId }]);
      expect(await s.inspect.convertedTo(leadId)).toBe(contact.id);
      const [again] = await s.connector.upsertPersons([{ ...qualified, convertFrom: null }], [contact.id]);
      expect(unwrap(again!)).toMatchObject({ id: contact.id, created: false });
      // Found by email without the ledger too: no second contact.
      const [found] = await s.connector.upsertPersons([{ ...qualified, convertFrom: null }], [null]);
      expect(unwrap(found!)).toMatchObject({ id: contact.id, created: false });
      expect((await s.inspect.contacts()).filter((c) => c.email === p.keys.email)).toHaveLength(1);
    });

    it('opens a ticket once, found again on a re-run (CRMs with tickets)', async (ctx) => {
      if (!s.connector.capabilities.tickets || !s.connector.createTickets || !s.inspect.ticketsOf) return ctx.skip('this CRM gets support requests as tasks');
      noFaults();
      const p = person();
      const personId = unwrap((await s.connector.upsertPersons([p], [null]))[0]!).id;
      const ticket = { leadId: p.leadId, key: `ticket:${p.leadId}`, subject: 'Support request: cannot log in', description: 'Since the update\nPlease call', priority: 'high' as const, origin: 'chat', ownerId: null, contact: { name: 'Anna Nowak', email: p.keys.email, phone: null, company: null }, links: { personId, companyId: null, dealId: null } };
      const [first] = await s.connector.createTickets([ticket], { reconcile: false });
      const [rerun] = await s.connector.createTickets([ticket], { reconcile: true });
      expect(unwrap(rerun!).id).toBe(unwrap(first!).id);
      expect(await s.inspect.ticketsOf(personId)).toEqual([{ subject: 'Support request: cannot log in' }]);
    });

    it('sets up custom fields idempotently', async () => {
      noFaults();
      const first = await s.connector.ensureCustomFields();
      const second = await s.connector.ensureCustomFields();
      expect(second.created).toEqual([]);
      expect(new Set(second.existing)).toEqual(new Set([...first.created, ...first.existing]));
      expect(second.existing.length).toBeGreaterThan(0);
    });
  });
}
