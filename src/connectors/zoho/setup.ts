import type { MappingEntry } from '../config.js';
import type { SetupReport } from '../types.js';
import { zohoError } from './errors.js';
import { ACCOUNT_REF_FIELD, apiNameOf, CONTACT_REF_FIELD, DATA_TYPE, KEY_FIELD, LEAD_REF_FIELD } from './mapper.js';
import type { ZohoCall } from './records.js';

/**
 * `ensureCustomFields`: the mapping's custom fields on Leads and Contacts plus the connector's own
 * (the lead's account and contact ids; the deal's and case's key and lead id), read with `GET /crm/v8/settings/fields?module=…` and
 * the missing ones created with `POST` on the same path. Idempotent: a second run creates nothing.
 */

interface Wanted {
  module: string;
  label: string;
  apiName: string;
  dataType: string;
}

export function createZohoSetup(call: ZohoCall, mapping: readonly MappingEntry[]) {
  const wanted: Wanted[] = [
    ...['Leads', 'Contacts'].flatMap((module) => mapping.filter((e) => e.custom).map((e) => ({ module, label: e.custom!.label, apiName: e.to, dataType: DATA_TYPE[e.custom!.type] ?? 'text' }))),
    { module: 'Leads', label: 'Leadwire Account Id', apiName: ACCOUNT_REF_FIELD, dataType: 'text' },
    { module: 'Leads', label: 'Leadwire Contact Id', apiName: CONTACT_REF_FIELD, dataType: 'text' },
    { module: 'Cases', label: 'Leadwire Key', apiName: KEY_FIELD, dataType: 'text' },
    { module: 'Cases', label: 'Leadwire Lead Id', apiName: LEAD_REF_FIELD, dataType: 'text' },
    { module: 'Deals', label: 'Leadwire Key', apiName: KEY_FIELD, dataType: 'text' },
    { module: 'Deals', label: 'Leadwire Lead Id', apiName: LEAD_REF_FIELD, dataType: 'text' },
  ];

  async function existing(module: string): Promise<Set<string>> {
    const response = await call('GET', '/crm/v8/settings/fields', { query: { module } });
    if (response.status !== 200) throw zohoError(response, `fields of ${module}`);
    const fields = (response.body as { fields?: Array<{ api_name?: string; field_label?: string }> }).fields ?? [];
    return new Set(fields.flatMap((f) => [f.api_name ?? '', apiNameOf(f.field_label ?? '')]).filter((n) => n !== ''));
  }

  return {
    async ensure(): Promise<SetupReport> {
      const report: SetupReport = { created: [], existing: [] };
      for (const module of [...new Set(wanted.map((w) => w.module))]) {
        const have = await existing(module);
        const missing = wanted.filter((w) => w.module === module && !have.has(w.apiName) && !have.has(apiNameOf(w.label)));
        wanted.filter((w) => w.module === module && !missing.includes(w)).forEach((w) => report.existing.push(`${module}:${w.label}`));
        if (missing.length === 0) continue;
        const body = { fields: missing.map((w) => ({ field_label: w.label, api_name: w.apiName, data_type: w.dataType, ...(w.dataType === 'text' ? { length: 255 } : {}) })) };
        const response = await call('POST', '/crm/v8/settings/fields', { query: { module }, body, idempotent: true });
        if (response.status >= 300) throw zohoError(response, `create fields of ${module}`);
        missing.forEach((w) => report.created.push(`${module}:${w.label}`));
      }
      return report;
    },
  };
}
