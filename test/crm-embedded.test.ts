import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startChild, writeConfig, type ChildServer } from './child-server.js';
import { ADMIN_KEY, BASE_CONFIG, DEMO_KEY, tempDir } from './helpers.js';
import { DEMO_LEAD } from '../src/cli/serve.js';

/**
 * Embedded mode as `npm start` runs it, in a real child process: CRM accounts without tokens write
 * to the sandboxes the same process serves at /sandbox/<crm>, over real HTTP; `leadwire crm check`
 * and `crm setup` reach them from another process.
 */
const CONFIG = `${BASE_CONFIG}
crm:
  accounts:
    hubspot: { type: hubspot, mode: realtime }
    pipedrive: { type: pipedrive, mode: realtime }
`;
const run = promisify(execFile);

describe('embedded CRM sandboxes', () => {
  const tmp = tempDir();
  let server: ChildServer;
  let configFile: string;

  beforeAll(async () => {
    configFile = writeConfig(tmp.dir, CONFIG);
    server = await startChild('start', tmp.dir, configFile);
  }, 30_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    tmp.cleanup();
  });

  it('writes each lead to every sandboxed CRM and shows the CRM ids on the lead', async () => {
    const res = await fetch(`${server.url}/v1/leads`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_KEY, 'content-type': 'application/json' },
      // The lead the start banner suggests: a first run must see it land in the sandboxes.
      body: JSON.stringify(DEMO_LEAD),
    });
    expect(res.status).toBe(202);
    const { leadId } = (await res.json()) as { leadId: string };

    let lead: { crmIds: Record<string, string> } = { crmIds: {} };
    while (Object.keys(lead.crmIds).length < 2) {
      lead = (await (await fetch(`${server.url}/v1/leads/${leadId}`, { headers: { 'x-api-key': ADMIN_KEY } })).json()) as typeof lead;
      if (Object.keys(lead.crmIds).length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const hubspot = (await (await fetch(`${server.url}/sandbox/hubspot/_sandbox/records?type=contacts`)).json()) as { contacts: Array<{ id: string; email: string }> };
    expect(hubspot.contacts).toEqual([expect.objectContaining({ id: lead.crmIds.hubspot, email: DEMO_LEAD.email })]);
    const pipedrive = (await (await fetch(`${server.url}/sandbox/pipedrive/_sandbox/records?type=person`)).json()) as { person: Array<{ id: string; name: string }> };
    expect(pipedrive.person).toEqual([expect.objectContaining({ id: lead.crmIds.pipedrive, name: DEMO_LEAD.name })]);
    // The sandbox speaks the vendor's API, not ours: a wrong token gets HubSpot's own 401 body.
    const denied = await fetch(`${server.url}/sandbox/hubspot/crm/v3/objects/contacts`, { headers: { authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    // …and stays out of our OpenAPI document.
    const openapi = (await (await fetch(`${server.url}/docs/json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths).some((p) => p.startsWith('/sandbox'))).toBe(false);
  }, 30_000);

  it('checks credentials and sets up custom fields from another process, idempotently', async () => {
    const args = ['--config', configFile, '--sandbox-url', server.url];
    const check = await run(process.execPath, [CLI, 'crm', 'check', ...args]);
    expect(check.stdout).toMatch(/hubspot \[hubspot\] \(sandbox\): ok/);
    expect(check.stdout).toMatch(/pipedrive \[pipedrive\] \(sandbox\): ok/);
    // The sandbox accounts set themselves up before their first write, so nothing is left to create.
    const setup = await run(process.execPath, [CLI, 'crm', 'setup', 'hubspot', ...args]);
    expect(setup.stdout).toMatch(/hubspot \[hubspot\] \(sandbox\): created nothing; already there .*lead_score/);
    const unknown = await run(process.execPath, [CLI, 'crm', 'setup', 'salesforce', ...args]).catch((error: { code: number; stderr: string }) => error);
    expect((unknown as { code: number }).code).not.toBe(0);
  }, 30_000);
});
