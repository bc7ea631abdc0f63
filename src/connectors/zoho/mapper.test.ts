import { describe, expect, it } from 'vitest';
import type { PersonRecord, TaskRecord } from '../types.js';
import { accountBody, apiNameOf, dealBody, hasMarker, leadBody, noteBody, taskBody } from './mapper.js';

const person: PersonRecord = { leadId: 'l1', keys: { email: 'ann@example.com', phone: '+48600100200' }, firstName: 'Ann', lastName: null, ownerId: '9', fields: { Qualification_Score: 80 }, labels: [], companyId: '55' };
const links = { personId: '10', companyId: '55', dealId: null };

describe('zoho mapper', () => {
  it('a lead: mandatory Last_Name and Company on create, not overwritten with placeholders on update', () => {
    expect(leadBody(person, 'Acme', true)).toEqual({ Qualification_Score: 80, Last_Name: '[not provided]', First_Name: 'Ann', Email: 'ann@example.com', Phone: '+48600100200', Company: 'Acme', Leadwire_Account_Id: '55', Lead_Source: 'Chat', Owner: { id: '9' } });
    const update = leadBody({ ...person, companyId: null }, null, false);
    expect(update).not.toHaveProperty('Last_Name');
    expect(update).not.toHaveProperty('Company');
  });

  it('accounts, deals, notes and tasks in v8 shapes', () => {
    expect(accountBody({ leadId: 'l1', name: 'Acme', domain: 'acme.com', ownerId: null, fields: {} })).toEqual({ Account_Name: 'Acme', Website: 'acme.com' });
    expect(dealBody({ leadId: 'l1', key: 'deal:l1', title: 'Acme', value: 100, currency: 'EUR', pipeline: null, stage: null, ownerId: null, closeDate: '2026-12-31', links, fields: {} }, 'Qualification')).toEqual({
      Deal_Name: 'Acme',
      Stage: 'Qualification',
      Closing_Date: '2026-12-31',
      Leadwire_Key: 'deal:l1',
      Leadwire_Lead_Id: '10',
      Amount: 100,
      Account_Name: { id: '55' },
    });
    const note = noteBody({ leadId: 'l1', key: 'note:l1', body: 'Pricing\nBudget 40k', at: 0, ownerId: null, links });
    expect(note).toMatchObject({ Parent_Id: { module: { api_name: 'Leads' }, id: '10' }, Note_Title: 'Pricing' });
    expect(hasMarker(note.Note_Content, 'note:l1')).toBe(true);
    const task: TaskRecord = { leadId: 'l1', key: 'task:l1', subject: 'Call', body: 'Hot', dueAt: Date.UTC(2026, 0, 15, 11), priority: 'medium', type: 'call', ownerId: '9', links };
    expect(taskBody(task)).toMatchObject({ Subject: 'Call', Due_Date: '2026-01-15', Status: 'Not Started', Priority: 'Normal', What_Id: { id: '10' }, $se_module: 'Leads', Owner: { id: '9' } });
  });

  it('derives API names from labels', () => {
    expect(apiNameOf('Qualification Score')).toBe('Qualification_Score');
    expect(apiNameOf(' Conversation ID ')).toBe('Conversation_ID');
  });
});
