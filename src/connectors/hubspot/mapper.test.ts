import { describe, expect, it } from 'vitest';
import { hubspotAccountSchema } from './config.js';
import { associatedIds, batchResults, contactProperties, contactUpsertInput, dealInput, hasKeyMarker, htmlBody, noteInput, propertyCreate, taskInput, textOfBody } from './mapper.js';
import type { PersonRecord } from '../types.js';

const config = hubspotAccountSchema.parse({ type: 'hubspot' });
const person: PersonRecord = {
  leadId: 'ld_1',
  keys: { email: 'ann@example.com', phone: '+14155550100' },
  firstName: 'Ann',
  lastName: 'Lee',
  ownerId: '12345',
  fields: { lead_score: 80, company: 'Acme', hs_lead_status: 'NEW', empty: null, vip: true },
  labels: [],
  companyId: null,
};
const links = { personId: '501', companyId: '601', dealId: null };

describe('hubspot mapper', () => {
  it('maps a person to contact properties, all strings, keys and owner included, leadsource by default', () => {
    expect(contactProperties(person, config)).toEqual({
      lead_score: '80',
      company: 'Acme',
      hs_lead_status: 'NEW',
      vip: 'true',
      firstname: 'Ann',
      lastname: 'Lee',
      email: 'ann@example.com',
      phone: '+14155550100',
      hubspot_owner_id: '12345',
      leadsource: 'Chatbot AI',
    });
    expect(contactProperties({ ...person, fields: { leadsource: 'Form' } }, { leadSource: '' }).leadsource).toBe('Form');
    expect(contactProperties(person, { leadSource: '' })).not.toHaveProperty('leadsource');
  });

  it('builds a batch upsert input keyed by email with a trace id', () => {
    expect(contactUpsertInput(person, config, '3')).toMatchObject({ id: 'ann@example.com', idProperty: 'email', objectWriteTraceId: '3' });
  });

  it('builds a deal in the configured pipeline and stage, associated to contact (3) and company (5), key in the description', () => {
    const input = dealInput({ leadId: 'ld_1', key: 'deal:ld_1', title: 'Acme – chatbot lead', value: 5000, currency: 'EUR', pipeline: null, stage: null, ownerId: null, closeDate: '2026-12-31', links, fields: {} }, config);
    expect(input).toEqual({
      properties: { dealname: 'Acme – chatbot lead', pipeline: 'default', dealstage: 'appointmentscheduled', amount: '5000', deal_currency_code: 'EUR', closedate: '2026-12-31T00:00:00.000Z', description: '[leadwire:deal:ld_1]' },
      associations: [
        { to: { id: '501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
        { to: { id: '601' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 5 }] },
      ],
    });
  });

  it('builds a note with hs_timestamp, an HTML body ending in the key marker, association 202', () => {
    const input = noteInput({ leadId: 'ld_1', key: 'note:ld_1', body: 'Hi <b>\nline 2 & more', at: Date.UTC(2026, 0, 15, 10, 30), ownerId: null, links: { ...links, companyId: null } }, '0');
    expect(input).toEqual({
      properties: { hs_timestamp: '2026-01-15T10:30:00.000Z', hs_note_body: 'Hi &lt;b&gt;<br>line 2 &amp; more<br>[leadwire:note:ld_1]' },
      associations: [{ to: { id: '501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }],
      objectWriteTraceId: '0',
    });
    expect(textOfBody(input.properties.hs_note_body!)).toBe('Hi <b>\nline 2 & more');
  });

  it('builds a task: subject, body, NOT_STARTED, priority, type, due as hs_timestamp, owner, association 204', () => {
    const input = taskInput({ leadId: 'ld_1', key: 't1', subject: 'Call back', body: 'Hot', dueAt: Date.UTC(2026, 0, 15, 11), priority: 'high', type: 'call', ownerId: '77', links: { personId: '501', companyId: null, dealId: '701' } });
    expect(input.properties).toEqual({ hs_timestamp: '2026-01-15T11:00:00.000Z', hs_task_subject: 'Call back', hs_task_body: 'Hot<br>[leadwire:t1]', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH', hs_task_type: 'CALL', hubspot_owner_id: '77' });
    expect(input.associations.map((a) => a.types[0]!.associationTypeId)).toEqual([204, 216]);
  });

  it('finds key markers exactly, escaped or not', () => {
    expect(hasKeyMarker(htmlBody('x', 'a<1>'), 'a<1>')).toBe(true);
    expect(hasKeyMarker('[leadwire:a:10]', 'a:1')).toBe(false);
    expect(hasKeyMarker(undefined, 'a')).toBe(false);
  });

  it('declares custom properties as HubSpot types', () => {
    expect(propertyCreate('lead_score', { label: 'Qualification score', type: 'number' })).toEqual({ name: 'lead_score', label: 'Qualification score', type: 'number', fieldType: 'number', groupName: 'contactinformation' });
    expect(propertyCreate('vip', { label: 'VIP', type: 'bool' }).options).toEqual([
      { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
      { label: 'No', value: 'false', displayOrder: 1, hidden: false },
    ]);
  });

  it('reads ids out of batch and association answers', () => {
    expect(batchResults({ results: [{ id: '9', new: true, objectWriteTraceId: '1', properties: {} }, { nope: 1 }] })).toEqual([{ id: '9', isNew: true, traceId: '1', properties: {} }]);
    expect(associatedIds({ results: [{ toObjectId: 12 }, { toObjectId: '13' }] })).toEqual(['12', '13']);
    expect(batchResults(null)).toEqual([]);
  });
});
