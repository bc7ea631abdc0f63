import type { MappingEntry } from '../config.js';
import type { SetupReport } from '../types.js';
import { leadRecordTypeId, soql, type SalesforceCall } from './api.js';
import { SALESFORCE_API } from './config.js';
import { errorsOf, okBody } from './errors.js';
import { customFieldBody, soqlString, STRUCTURAL_FIELDS, type Body } from './mapper.js';

/**
 * Custom fields through the Tooling API: the Lead and Contact external ids (`Lead_Key__c`,
 * `Contact_Key__c`, unique), the Lead → Account, Lead → Contact and Opportunity → Lead lookups, the
 * Opportunity key, and the mapping's custom fields on Lead and Contact; the account's campaign. Existing fields are found by a Tooling query; a create racing another answers 400
 * DUPLICATE_DEVELOPER_NAME, which counts as existing. Run once, lazily, before the first write.
 */

interface Wanted {
  object: string;
  apiName: string;
  body: Body;
}

function wanted(mapping: readonly MappingEntry[]): Wanted[] {
  const out: Wanted[] = STRUCTURAL_FIELDS.map((f) => ({ object: f.object, apiName: f.apiName, body: { FullName: `${f.object}.${f.apiName}`, Metadata: f.metadata } }));
  // A person is a Lead or a Contact: the mapping's custom fields exist on both.
  for (const object of ['Lead', 'Contact']) {
    for (const entry of mapping) {
      if (entry.custom && entry.to.endsWith('__c')) out.push({ object, apiName: entry.to, body: customFieldBody(object, entry.to, entry.custom) });
    }
  }
  return out;
}

export interface SetupOptions {
  /** The account's fixed campaign, created (active) when the org does not have it. */
  campaign?: string | undefined;
  /** The chatbot Lead record type: metadata an admin creates, so only checked. */
  recordType?: string | undefined;
}

export function createSetup(call: SalesforceCall, mapping: readonly MappingEntry[], options: SetupOptions = {}) {
  async function ensureCampaign(name: string, report: SetupReport): Promise<void> {
    const label = `Campaign "${name}"`;
    const found = await soql(call, `SELECT Id FROM Campaign WHERE Name = ${soqlString(name)} LIMIT 1`);
    if (found.length > 0) {
      report.existing.push(label);
      return;
    }
    okBody(await call('POST', `${SALESFORCE_API}/sobjects/Campaign`, { body: { Name: name, IsActive: true, Type: 'Other', Description: 'Persons synced by Leadwire' } }), 'create campaign');
    report.created.push(label);
  }

  async function ensure(): Promise<SetupReport> {
    const report: SetupReport = { created: [], existing: [] };
    if (options.campaign) await ensureCampaign(options.campaign, report);
    if (options.recordType) {
      const label = `Lead record type "${options.recordType}"`;
      ((await leadRecordTypeId(call, options.recordType)) ? report.existing : (report.missing ??= [])).push(label);
    }
    const fields = wanted(mapping);
    const objects = [...new Set(fields.map((f) => f.object))];
    const existing = new Set<string>();
    for (const object of objects) {
      const rows = await soql(call, `SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE TableEnumOrId = ${soqlString(object)}`, true);
      for (const row of rows) existing.add(`${object}.${String(row.DeveloperName)}__c`.toLowerCase());
    }
    for (const field of fields) {
      const name = `${field.object}.${field.apiName}`;
      if (existing.has(name.toLowerCase())) {
        report.existing.push(name);
        continue;
      }
      // Idempotent by the duplicate answer: a lost answer re-sent meets DUPLICATE_DEVELOPER_NAME.
      const response = await call('POST', `${SALESFORCE_API}/tooling/sobjects/CustomField`, { body: field.body, idempotent: true });
      if (response.status === 400 && errorsOf(response.body).some((e) => e.errorCode === 'DUPLICATE_DEVELOPER_NAME')) report.existing.push(name);
      else {
        okBody(response, 'create custom field');
        report.created.push(name);
      }
      existing.add(name.toLowerCase());
    }
    return report;
  }

  let ready: Promise<unknown> | null = null;
  return {
    ensure: (): Promise<SetupReport> => {
      const run = ensure();
      ready = run;
      run.catch(() => {
        ready = null;
      });
      return run;
    },
    /** Before a write: the fields exist (setup ran once in this process). */
    ready: (): Promise<unknown> => {
      if (!ready) {
        ready = ensure();
        ready.catch(() => {
          ready = null;
        });
      }
      return ready;
    },
  };
}
