import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCompany, aDeal, aNote, aPerson, aTask } from './hubspot.builders.js';
import { startHubspot, type Exchange, type HubspotSetup } from './hubspot.setup.js';
import { OPENAPI_DIR, operationPointers, schemaValidator } from './openapi.js';

/**
 * Does the sandbox speak HubSpot? (1) HubSpot's official Node SDK, pointed at it, writes and reads
 * records and gets HubSpot's errors; (2) every request the connector sends and every answer the
 * sandbox gives is valid against HubSpot's own OpenAPI descriptions.
 */

const HS = 'hubspot';
type SdkError = { code: number; body: { category?: string; message?: string; status?: string } };
async function failure(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the SDK call to fail');
}

let s: HubspotSetup;
beforeAll(async () => {
  s = await startHubspot({ prepared: false });
});
afterAll(async () => {
  await s.close();
});

describe('the official SDK against the sandbox', () => {
  const sdk = () => new Client({ accessToken: 'sandbox-token', basePath: s.baseUrl });

  it('creates, reads, upserts, searches and associates records; gets 409/400 like HubSpot', async () => {
    const client = sdk();
    const property = await client.crm.properties.coreApi.create('contacts', { name: 'sdk_score', label: 'SDK score', type: 'number' as never, fieldType: 'number' as never, groupName: 'contactinformation' });
    expect(property.name).toBe('sdk_score');
    await expect(client.crm.properties.coreApi.create('contacts', { name: 'sdk_score', label: 'again', type: 'number' as never, fieldType: 'number' as never, groupName: 'contactinformation' })).rejects.toMatchObject({ code: 409 });

    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'SDK@Example.com', firstname: 'Sdk', sdk_score: '7' }, associations: [] });
    const read = await client.crm.contacts.basicApi.getById('sdk@example.com', ['email', 'sdk_score'], undefined, undefined, false, 'email');
    expect(read).toMatchObject({ id: contact.id, properties: { email: 'sdk@example.com', sdk_score: '7' } });

    const conflict = await failure(client.crm.contacts.basicApi.create({ properties: { email: 'sdk@example.com' }, associations: [] }));
    expect(conflict).toMatchObject({ code: 409, body: { category: 'CONFLICT', message: `Contact already exists. Existing ID: ${contact.id}` } });
    const invalid = await failure(client.crm.contacts.basicApi.create({ properties: { email: 'nope@' }, associations: [] }));
    expect(invalid).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(invalid.body.message).toContain('INVALID_EMAIL');

    const upserted = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'sdk@example.com', idProperty: 'email', properties: { lastname: 'Kit' } },
        { id: 'new@example.com', idProperty: 'email', properties: { firstname: 'New' } },
      ],
    });
    expect(upserted.results.map((r) => [r.id === contact.id, r._new])).toEqual([
      [true, false],
      [false, true],
    ]);

    const found = await client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ' as never, value: 'new@example.com' }] }], properties: ['email'], limit: 10, after: '0', sorts: [] });
    expect(found.total).toBe(1);

    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Acme', domain: 'acme.example' }, associations: [] });
    await client.crm.associations.v4.basicApi.createDefault('contacts', contact.id, 'companies', company.id);
    const page = await client.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'companies');
    expect(page.results.map((r) => String(r.toObjectId))).toEqual([company.id]);

    const toContact = (typeId: number) => [{ to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: typeId }] }];
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'SDK deal', pipeline: 'default', dealstage: 'appointmentscheduled' }, associations: toContact(3) });
    const note = await client.crm.objects.notes.basicApi.create({ properties: { hs_timestamp: '2026-01-15T10:30:00.000Z', hs_note_body: 'hello' }, associations: toContact(202) });
    const notes = await client.crm.associations.v4.basicApi.getPage('contacts', contact.id, 'notes');
    expect(notes.results.map((r) => String(r.toObjectId))).toEqual([note.id]);
    expect((await client.crm.deals.basicApi.getById(deal.id)).properties.dealname).toBe('SDK deal');
    const badStage = await failure(client.crm.deals.basicApi.create({ properties: { dealname: 'x', pipeline: 'default', dealstage: 'nope' }, associations: [] }));
    expect(badStage).toMatchObject({ code: 400, body: { category: 'VALIDATION_ERROR' } });

    const list = await client.crm.lists.listsApi.create({ name: 'SDK list', objectTypeId: '0-1', processingType: 'MANUAL' });
    const added = await client.crm.lists.membershipsApi.add(list.list.listId, [contact.id, '99999999']);
    expect(added).toMatchObject({ recordsIdsAdded: [contact.id], recordIdsMissing: ['99999999'] });
  });

  it('gets HubSpot’s 401 with a bad token', async () => {
    const client = new Client({ accessToken: 'pat-na1-not-a-token', basePath: s.baseUrl });
    const error = await failure(client.crm.contacts.basicApi.getById('1'));
    expect(error.code).toBe(401);
    expect(error.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    expect(error.body.message).toMatch(/^Authentication credentials not found/);
  });
});

// ── what goes over the wire, against HubSpot's OpenAPI ───────────────────────────────────────────
interface Operation {
  file: string;
  template: string;
  pattern: RegExp;
  params: number;
}

const operations: Operation[] = readdirSync(join(OPENAPI_DIR, HS))
  .filter((f) => f.endsWith('.json') && f !== 'oauth.json')
  .flatMap((f) =>
    Object.keys((JSON.parse(readFileSync(join(OPENAPI_DIR, HS, f), 'utf8')) as { paths: Record<string, unknown> }).paths).map((template) => ({
      file: `${HS}/${f}`,
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
    })),
  );

const hasMethod = (op: Operation, method: string) => {
  const doc = JSON.parse(readFileSync(join(OPENAPI_DIR, op.file), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return doc.paths[op.template]?.[method.toLowerCase()] !== undefined;
};

/** The documented operation for an exchange (deals are documented under their type id 0-3). */
function operationOf(e: Exchange): Operation | undefined {
  const path = (e.url.split('?')[0] ?? '').replace('/crm/v3/objects/deals', '/crm/v3/objects/0-3');
  return operations.filter((op) => op.pattern.test(path) && hasMethod(op, e.method)).sort((a, b) => a.params - b.params)[0];
}

describe('the connector’s requests and the sandbox’s answers against HubSpot’s OpenAPI', () => {
  it('the validator rejects what HubSpot would (it can fail)', () => {
    const check = schemaValidator(`${HS}/contacts.json`, '#/components/schemas/SimplePublicObjectInputForCreate');
    expect(check({ properties: { a: 'b' }, associations: [] })).toEqual([]);
    expect(check({ properties: { a: 1 } }).length).toBeGreaterThan(0);
  });

  it('every exchange of a full sync is valid', async () => {
    const fresh = await startHubspot({ prepared: false, lists: [{ listId: '42', name: 'Chatbot' }], account: { listId: '42' } });
    try {
      const c = fresh.connector;
      await c.ensureCustomFields();
      const [company] = await c.upsertCompanies([aCompany()], [null]);
      const companyId = company?.ok ? company.id : '';
      const persons = await c.upsertPersons([aPerson({ companyId, fields: { lead_score: 90 } }), aPerson({ email: 'bad@' }), aPerson({ email: null, phone: '+14155550123' })], [null, null, null]);
      const personId = persons[0]?.ok ? persons[0].id : '';
      await c.upsertPersons([aPerson({ email: 'taken@example.com' })], [null]);
      await c.upsertPersons([aPerson({ email: 'taken@example.com' }), aPerson()], [personId, '99999999']);
      await c.findPerson({ email: null, phone: '+14155550123' });
      await c.findPerson({ email: 'nobody@example.com', phone: null });
      const links = { personId, companyId, dealId: null };
      const [deal] = await c.createDeals([aDeal(personId, { links })], { reconcile: false });
      const dealLinks = { ...links, dealId: deal?.ok ? deal.id : null };
      await c.addNotes([aNote(personId, { links: dealLinks }), aNote(personId)], { reconcile: false });
      await c.createTasks([aTask(personId, { links: dealLinks })], { reconcile: true });
      await c.health();

      const checked = fresh.exchanges.filter((e) => e.status !== 429);
      const problems: string[] = [];
      const undocumented = new Set<string>();
      let validatedAnswers = 0;
      for (const e of checked) {
        const op = operationOf(e);
        if (!op) {
          undocumented.add(`${e.method} ${e.url.split('?')[0]}`);
          continue;
        }
        const pointers = operationPointers(op.file, op.template, e.method, e.status);
        if (e.requestBody !== undefined && e.requestBody !== null) problems.push(...schemaValidator(op.file, pointers.request)(e.requestBody).map((p) => `${e.method} ${e.url} request: ${p}`));
        if (pointers.response && e.responseBody !== null) validatedAnswers += 1;
        if (pointers.response && e.responseBody !== null) problems.push(...schemaValidator(op.file, pointers.response)(e.responseBody).map((p) => `${e.method} ${e.url} ${e.status}: ${p}`));
      }
      expect(problems).toEqual([]);
      // Only the account-info health call is outside the CRM specs we hold.
      expect([...undocumented]).toEqual(['GET /account-info/v3/details']);
      const statuses = new Set(checked.map((e) => e.status));
      for (const status of [200, 201, 207, 404, 409]) expect(statuses).toContain(status);
      expect(checked.length).toBeGreaterThan(15);
      // Every documented answer with a body was checked (the health call is the one undocumented).
      expect(validatedAnswers).toBe(checked.filter((e) => e.responseBody !== null).length - 1);
    } finally {
      await fresh.close();
    }
  });
});
