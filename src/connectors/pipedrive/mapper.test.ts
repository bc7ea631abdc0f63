import { describe, expect, it } from 'vitest';
import type { PersonRecord, TaskRecord } from '../types.js';
import { activityBody, dealBody, fieldBody, htmlWithMarker, noteBody, personBody, searchIds } from './mapper.js';

const CODE = 'a'.repeat(40);
const person = (over: Partial<PersonRecord> = {}): PersonRecord => ({
  leadId: 'l1',
  keys: { email: 'ann@example.com', phone: '+15551234567' },
  firstName: 'Ann',
  lastName: 'Lee',
  ownerId: '7',
  fields: { 'Qualification score': 80, job_title: 'CTO', Unknown: 'x' },
  labels: [],
  companyId: '5',
  ...over,
});
const links = { personId: '11', companyId: '5', dealId: '9' };

describe('pipedrive mapper', () => {
  it('maps a new person to the v2 create body', () => {
    const { body, unmapped } = personBody(person(), [3], { fieldCodes: { 'Qualification score': CODE } }, null);
    expect(body).toEqual({
      name: 'Ann Lee',
      emails: [{ value: 'ann@example.com', primary: true, label: 'work' }],
      phones: [{ value: '+15551234567', primary: true, label: 'mobile' }],
      owner_id: 7,
      org_id: 5,
      label_ids: [3],
      job_title: 'CTO',
      custom_fields: { [CODE]: 80 },
    });
    expect(unmapped).toEqual(['Unknown']);
  });

  it('merges emails, phones and labels on update instead of replacing them', () => {
    const existing = { id: '11', emails: [{ value: 'ANN@example.com', primary: true, label: 'work' }], phones: [{ value: '+1 555 000', primary: true, label: 'work' }], labelIds: [1] };
    const { body } = personBody(person({ firstName: null, lastName: null, fields: {} }), [3], { fieldCodes: {} }, existing);
    expect(body).toEqual({ phones: [...existing.phones, { value: '+15551234567', primary: false, label: 'mobile' }], owner_id: 7, org_id: 5, label_ids: [1, 3] });
    const named = personBody(person({ firstName: null, lastName: null, keys: { email: null, phone: '+1555' } }), [], { fieldCodes: {} }, null);
    expect(named.body.name).toBe('+1555');
  });

  it('puts our key in a deal custom field and the pipeline and stage ids', () => {
    const deal = { leadId: 'l1', key: 'deal:l1', title: 'Acme', value: 5000, currency: 'EUR', pipeline: null, stage: null, ownerId: '7', closeDate: '2026-12-31', links, fields: {} };
    expect(dealBody(deal, { pipelineId: 2, stageId: 8, keyField: CODE, fieldCodes: {} }).body).toEqual({
      title: 'Acme', person_id: 11, org_id: 5, pipeline_id: 2, stage_id: 8, status: 'open', owner_id: 7, value: 5000, currency: 'EUR', expected_close_date: '2026-12-31', custom_fields: { [CODE]: 'deal:l1' },
    });
  });

  it('renders notes and activities as HTML with the key marker, dated in UTC', () => {
    expect(htmlWithMarker('a <b>\nline\n\nnext', 'k1')).toBe('<p>a &lt;b&gt;<br>line</p><p>next</p><p>[lw:k1]</p>');
    expect(noteBody({ leadId: 'l1', key: 'k1', body: 'hi', at: Date.UTC(2026, 0, 15, 10, 30, 5), ownerId: null, links })).toEqual({ content: '<p>hi</p><p>[lw:k1]</p>', person_id: 11, deal_id: 9, org_id: 5, add_time: '2026-01-15 10:30:05' });
    const task: TaskRecord = { leadId: 'l1', key: 'k2', subject: 'Call', body: 'b', dueAt: Date.UTC(2026, 0, 15, 23, 45), priority: 'high', type: 'call', ownerId: '7', links };
    expect(activityBody(task)).toEqual({ subject: 'Call', type: 'call', due_date: '2026-01-15', due_time: '23:45', done: false, participants: [{ person_id: 11, primary: true }], note: '<p>b</p><p>[lw:k2]</p>', owner_id: 7, deal_id: 9, org_id: 5 });
    expect(activityBody({ ...task, type: 'todo' }).type).toBe('task');
  });

  it('maps custom field declarations to field types and reads search answers', () => {
    expect(fieldBody({ label: 'Score', type: 'number' })).toEqual({ field_name: 'Score', field_type: 'double' });
    expect(fieldBody({ label: 'Tier', type: 'enum', options: ['A', 'B'] })).toEqual({ field_name: 'Tier', field_type: 'enum', options: [{ label: 'A' }, { label: 'B' }] });
    expect(searchIds({ items: [{ result_score: 1, item: { id: 9 } }, { result_score: 0.5, item: { id: 4 } }] })).toEqual(['4', '9']);
    expect(searchIds({ items: [] })).toEqual([]);
  });
});
