import { toStageError } from '../../pipeline/errors.js';
import type { Connector, ConnectorDeps, HealthReport, SetupReport } from '../types.js';
import { LEAD_SOURCE_PROPERTY, defaultHubspotMapping, type HubspotAccount } from './config.js';
import { addNotes, createDeals, createTasks } from './connector-activities.js';
import { ok, type HubspotContext } from './connector-context.js';
import { findPerson, upsertCompanies, upsertPersons } from './connector-persons.js';
import { propertyCreate } from './mapper.js';

/**
 * The HubSpot connector: contacts (native batch upsert by email), companies, deals, notes, tasks,
 * the custom contact properties the mapping declares, and an optional static list. What each
 * part does is in connector-persons.ts and connector-activities.ts; HTTP is the client's.
 */

export function createHubspotConnector(deps: ConnectorDeps<HubspotAccount>): Connector {
  const ctx: HubspotContext = { account: deps.account, config: deps.config, http: deps.http, logger: deps.logger.child({ crm: 'hubspot', account: deps.account }) };

  async function ensureCustomFields(): Promise<SetupReport> {
    const wanted = (deps.config.mapping ?? defaultHubspotMapping).flatMap((entry) => (entry.custom ? [{ name: entry.to, custom: entry.custom }] : []));
    if (deps.config.leadSource !== '') wanted.push({ name: LEAD_SOURCE_PROPERTY.name, custom: { label: LEAD_SOURCE_PROPERTY.label, type: LEAD_SOURCE_PROPERTY.type } });
    const res = await ctx.http.request({ method: 'GET', path: '/crm/v3/properties/contacts', idempotent: true });
    const results = (ok(ctx, res, 'list contact properties').body as { results?: Array<{ name?: unknown }> } | null)?.results ?? [];
    const present = new Set(results.map((r) => String(r.name)));
    const report: SetupReport = { created: [], existing: [] };
    for (const { name, custom } of wanted) {
      if (present.has(name)) {
        report.existing.push(name);
        continue;
      }
      const created = await ctx.http.request({ method: 'POST', path: '/crm/v3/properties/contacts', body: propertyCreate(name, custom), idempotent: true });
      // 409: created meanwhile (another process, or a create whose answer was lost).
      if (created.status === 409) report.existing.push(name);
      else {
        ok(ctx, created, `create contact property ${name}`);
        report.created.push(name);
      }
      present.add(name);
    }
    ctx.logger.info({ created: report.created.length, existing: report.existing.length }, 'hubspot custom properties ensured');
    return report;
  }

  async function health(): Promise<HealthReport> {
    try {
      const res = await ctx.http.request({ method: 'GET', path: '/account-info/v3/details', idempotent: true });
      const body = ok(ctx, res, 'account details').body as { portalId?: unknown; accountType?: unknown; timeZone?: unknown; dataHostingLocation?: unknown };
      return { ok: true, detail: { portalId: body.portalId, accountType: body.accountType, timeZone: body.timeZone, dataHostingLocation: body.dataHostingLocation } };
    } catch (error) {
      const e = toStageError(error);
      return { ok: false, detail: { code: e.code, kind: e.kind, message: e.message } };
    }
  }

  return {
    kind: 'hubspot',
    account: deps.account,
    capabilities: { batchSize: 100, nativeUpsert: true, deals: true, notes: true, tasks: true, companies: true, labels: deps.config.listId !== undefined },
    findPerson: (keys) => findPerson(ctx, keys),
    upsertPersons: (persons, knownIds) => upsertPersons(ctx, persons, knownIds),
    upsertCompanies: (companies, knownIds) => upsertCompanies(ctx, companies, knownIds),
    createDeals: (deals, options) => createDeals(ctx, deals, options),
    addNotes: (notes, options) => addNotes(ctx, notes, options),
    createTasks: (tasks, options) => createTasks(ctx, tasks, options),
    ensureCustomFields,
    health,
  };
}
