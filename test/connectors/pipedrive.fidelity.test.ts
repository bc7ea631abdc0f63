import { Configuration as V1Configuration, NotesApi } from 'pipedrive/v1';
import { Configuration, PersonsApi } from 'pipedrive/v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPart, matchPath, operationPointer, recordTraffic, schemaValidator } from './openapi.js';
import { aDeal, aNote, aPerson, aTask, links, startPipedrive, type PipedriveHarness } from './pipedrive-setup.js';

/**
 * Does the sandbox speak Pipedrive? (1) The official SDK (`pipedrive` v2 and v1 namespaces),
 * pointed at the sandbox, creates, reads and searches, and gets Pipedrive's 401 with a bad token.
 * (2) Every request body the connector sends and every answer the sandbox gives in a full sync are
 * valid against the vendor's OpenAPI descriptions (v2.yaml, v1.yaml).
 */

const UNAUTHORIZED = { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.' };

describe('pipedrive sandbox fidelity', () => {
  let h: PipedriveHarness;
  const { traffic, record } = recordTraffic('/sandbox/pipedrive', (path) => !path.startsWith('/_sandbox'));
  beforeAll(async () => {
    h = await startPipedrive({}, record);
  });
  afterAll(() => h.close());

  it('the official SDK creates, reads and searches persons (v2) and notes (v1)', async () => {
    const persons = new PersonsApi(new Configuration({ apiKey: 'sandbox-token', basePath: `${h.baseUrl}/api/v2` }));
    const created = await persons.addPerson({ AddPersonRequest: { name: 'Sdk Person', emails: [{ value: 'sdk@example.com', primary: true, label: 'work' }] } });
    expect(created.success).toBe(true);
    const id = created.data!.id!;
    expect((await persons.getPerson({ id })).data).toMatchObject({ id, name: 'Sdk Person', first_name: 'Sdk', emails: [{ value: 'sdk@example.com', primary: true }] });
    const found = await persons.searchPersons({ term: 'sdk@example.com', fields: 'email', exact_match: true });
    expect(found.data?.items?.map((i) => i.item?.id)).toEqual([id]);

    const notes = new NotesApi(new V1Configuration({ apiKey: 'sandbox-token', basePath: `${h.baseUrl}/v1` }));
    const note = await notes.addNote({ AddNoteRequest: { content: '<p>hello</p>', person_id: id } });
    expect(note.data).toMatchObject({ content: '<p>hello</p>', person_id: id });
    expect((await notes.getNotes({ person_id: id })).data?.map((n) => n.id)).toEqual([note.data!.id]);
  });

  it('the SDK gets Pipedrive 401 body for a bad token', async () => {
    const persons = new PersonsApi(new Configuration({ apiKey: 'wrong', basePath: `${h.baseUrl}/api/v2` }));
    await expect(persons.getPerson({ id: 1 })).rejects.toEqual(UNAUTHORIZED);
  });

  it('what the connector sends and the sandbox answers match the vendor OpenAPI schemas', async () => {
    traffic.length = 0;
    const c = h.connector;
    await c.ensureCustomFields();
    const companyId = (await c.upsertCompanies([{ leadId: 'f1', name: 'Fidelity Ltd', domain: 'fidelity.example', ownerId: '1', fields: {} }], [null]))[0];
    const company = companyId?.ok ? companyId.id : null;
    const person = (await c.upsertPersons([aPerson({ email: 'fid@example.com', phone: '+15550001111', companyId: company, ownerId: '1', fields: { 'Qualification score': 70 } })], [null]))[0];
    if (!person?.ok) throw new Error('person not created');
    await c.upsertPersons([aPerson({ email: 'fid@example.com', fields: { 'Chatbot source': 'widget' } })], [null]);
    await c.findPerson({ email: null, phone: '+15550001111' });
    const deal = (await c.createDeals([aDeal(person.id, 'deal:f1', { links: links(person.id, { companyId: company }) })], { reconcile: true }))[0];
    const dealId = deal?.ok ? deal.id : null;
    await c.addNotes([aNote(person.id, 'note:f1', { links: links(person.id, { companyId: company, dealId }) })], { reconcile: true });
    await c.createTasks([aTask(person.id, 'task:f1', { links: links(person.id, { companyId: company, dealId }) })], { reconcile: true });
    await c.health();

    const problems: string[] = [];
    let checked = 0;
    for (const x of traffic) {
      const [file, path] = x.path.startsWith('/api/v2/') ? ['pipedrive/v2.yaml', x.path.slice('/api/v2'.length)] : ['pipedrive/v1.yaml', x.path.replace(/^\/(api\/)?v1/, '')];
      const template = matchPath(file, path);
      if (!template) {
        problems.push(`${x.method} ${x.path}: no such path in ${file}`);
        continue;
      }
      const request = operationPointer(template, x.method, 'requestBody', 'content', 'application/json', 'schema');
      if (x.body !== undefined && x.body !== null && hasPart(file, request)) {
        checked += 1;
        problems.push(...schemaValidator(file, request)(x.body).map((e) => `${x.method} ${template} request ${e}`));
      }
      const answer = operationPointer(template, x.method, 'responses', String(x.status), 'content', 'application/json', 'schema');
      if (hasPart(file, answer)) {
        checked += 1;
        problems.push(...schemaValidator(file, answer)(x.answer).map((e) => `${x.method} ${template} ${x.status} ${e}`));
      } else if (x.status !== 200) problems.push(`${x.method} ${template}: undocumented status ${x.status}`);
    }
    expect(problems).toEqual([]);
    expect(traffic.map((x) => `${x.method} ${x.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`)).toEqual(
      expect.arrayContaining(['POST /api/v2/persons', 'PATCH /api/v2/persons/{id}', 'GET /api/v2/persons/search', 'POST /api/v2/organizations', 'POST /api/v2/deals', 'POST /api/v2/activities', 'POST /v1/notes', 'GET /v1/notes', 'GET /api/v2/deals', 'GET /api/v2/activities', 'POST /api/v2/personFields', 'POST /api/v2/pipelines', 'GET /v1/users/me']),
    );
    expect(checked).toBeGreaterThan(30);
  });
});
