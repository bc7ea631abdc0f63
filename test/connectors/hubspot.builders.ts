import type { CompanyRecord, DealRecord, NoteRecord, PersonRecord, TaskRecord } from '../../src/connectors/types.js';

/** Record builders for connector tests: `aPerson({ email })` and friends. */

let n = 0;
const next = () => (n += 1);

export function aPerson(overrides: Partial<PersonRecord> & { email?: string | null; phone?: string | null } = {}): PersonRecord {
  const i = next();
  const { email, phone, ...rest } = overrides;
  return {
    leadId: `ld_${i}`,
    keys: { email: email === undefined ? `person${i}@example.com` : email, phone: phone ?? null },
    firstName: 'Ann',
    lastName: `Lee${i}`,
    ownerId: null,
    fields: {},
    labels: [],
    companyId: null,
    ...rest,
  };
}

export function aCompany(overrides: Partial<CompanyRecord> = {}): CompanyRecord {
  const i = next();
  return { leadId: `ld_${i}`, name: `Acme ${i}`, domain: `acme${i}.example`, ownerId: null, fields: {}, ...overrides };
}

const links = (personId: string, more: Partial<NoteRecord['links']> = {}) => ({ personId, companyId: null, dealId: null, ...more });

export function aNote(personId: string, overrides: Partial<NoteRecord> = {}): NoteRecord {
  const i = next();
  return { leadId: `ld_${i}`, key: `note:ld_${i}`, body: `Asked about pricing\nwants a demo <soon> & more`, at: Date.UTC(2026, 0, 15, 10, 30), ownerId: null, links: links(personId), ...overrides };
}

export function aTask(personId: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  const i = next();
  return { leadId: `ld_${i}`, key: `task:ld_${i}`, subject: 'Call back within 1 hour', body: 'Hot lead', dueAt: Date.UTC(2026, 0, 15, 11, 30), priority: 'high', type: 'call', ownerId: '77', links: links(personId), ...overrides };
}

export function aDeal(personId: string, overrides: Partial<DealRecord> = {}): DealRecord {
  const i = next();
  return { leadId: `ld_${i}`, key: `deal:ld_${i}`, title: `Acme – chatbot lead ${i}`, value: 5000, currency: 'USD', pipeline: null, stage: null, ownerId: null, closeDate: '2026-12-31', links: links(personId), fields: {}, ...overrides };
}
