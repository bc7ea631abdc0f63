import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../types.js';
import { customFieldBody, keyMarker, leadBody, noteBody, soqlString, taskBody } from './mapper.js';
import { parseSoql } from './sandbox-soql.js';

const person = (overrides: Partial<PersonRecord> = {}): PersonRecord => ({ leadId: 'l1', keys: { email: 'Ann@Example.com', phone: '+48600100200' }, firstName: 'Ann', lastName: null, ownerId: '005x', fields: { Lead_Score__c: 80 }, labels: [], companyId: '001x', ...overrides });
const defaults = { company: '[not provided]', leadSource: 'Chatbot' };

describe('salesforce mapper', () => {
  it('escapes SOQL literals so quotes cannot end the string', () => {
    const q = `SELECT Id FROM Lead WHERE Email = ${soqlString("o'brien\\x@example.com")}`;
    expect(q).toBe("SELECT Id FROM Lead WHERE Email = 'o\\'brien\\\\x@example.com'");
    expect(parseSoql(q).where[0]!.value).toBe("o'brien\\x@example.com");
  });

  it('fills the required LastName and Company on create only, and keys the lead by the lower-cased email', () => {
    expect(leadBody(person(), defaults, true)).toMatchObject({ FirstName: 'Ann', LastName: '[not provided]', Company: '[not provided]', Email: 'Ann@Example.com', Lead_Key__c: 'ann@example.com', Phone: '+48600100200', OwnerId: '005x', Leadwire_Account__c: '001x', LeadSource: 'Chatbot', Lead_Score__c: 80 });
    const update = leadBody(person(), defaults, false);
    expect(update).not.toHaveProperty('LastName');
    expect(update).not.toHaveProperty('Company');
    expect(update).not.toHaveProperty('LeadSource');
  });

  it('maps notes and tasks with the key marker, priorities and the due date', () => {
    const links = { personId: '00Qx', companyId: null, dealId: null };
    expect(noteBody({ leadId: 'l', key: 'note:1', body: 'Asked about pricing\nBudget', at: 0, ownerId: null, links })).toMatchObject({ ParentId: '00Qx', Title: 'Asked about pricing' });
    const task = taskBody({ leadId: 'l', key: 'task:1', subject: 'Call', body: 'Hot', dueAt: Date.UTC(2026, 0, 15, 11), priority: 'medium', type: 'call', ownerId: '005x', links });
    expect(task).toMatchObject({ Subject: 'Call', Status: 'Not Started', Priority: 'Normal', ActivityDate: '2026-01-15', WhoId: '00Qx', OwnerId: '005x' });
    expect(task.Description).toContain(keyMarker('task:1'));
    expect(keyMarker('task:1')).not.toBe(keyMarker('task:2'));
  });

  it('describes custom fields for the Tooling API', () => {
    expect(customFieldBody('Lead', 'Lead_Score__c', { label: 'Lead Score', type: 'number' })).toEqual({ FullName: 'Lead.Lead_Score__c', Metadata: { label: 'Lead Score', type: 'Number', precision: 18, scale: 2 } });
  });
});
