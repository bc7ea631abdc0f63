import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../pipeline/errors.js';
import { duplicateIdOf, errorsOf, salesforceError } from './errors.js';

const res = (status: number, body: unknown) => ({ status, headers: {}, body, text: JSON.stringify(body) });
const dup = (key: 'duplicateResult' | 'duplicateResut') => [
  { [key]: { allowSave: false, matchResults: [{ entityType: 'Lead', matchRecords: [{ matchConfidence: 100, record: { attributes: { type: 'Lead' }, Id: '00Q000000000001AAA' } }] }] }, errorCode: 'DUPLICATES_DETECTED', fields: [], message: 'Use one of these records?' },
];

describe('salesforce errors', () => {
  it('reads the error array and adopts the duplicate under either spelling', () => {
    expect(errorsOf([{ message: 'm', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] }])[0]!.errorCode).toBe('INVALID_EMAIL_ADDRESS');
    expect(duplicateIdOf(dup('duplicateResult'))).toBe('00Q000000000001AAA');
    expect(duplicateIdOf(dup('duplicateResut'))).toBe('00Q000000000001AAA');
    expect(duplicateIdOf([{ message: 'x', errorCode: 'REQUIRED_FIELD_MISSING' }])).toBeNull();
  });

  it('maps statuses and codes to typed errors', () => {
    expect(salesforceError(res(400, [{ message: 'bad', errorCode: 'INVALID_EMAIL_ADDRESS' }]), 'create lead')).toBeInstanceOf(PermanentError);
    expect(salesforceError(res(400, [{ message: 'busy', errorCode: 'UNABLE_TO_LOCK_ROW' }]), 'update')).toBeInstanceOf(RetryableError);
    expect(salesforceError(res(503, null), 'x')).toBeInstanceOf(RetryableError);
    expect(salesforceError(res(400, dup('duplicateResult')), 'x').code).toBe('DUPLICATE_CONFLICT');
  });
});
