import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../pipeline/errors.js';
import type { HttpResponse } from '../http.js';
import { dataOf, isSuccess, pipedriveError } from './errors.js';

const answer = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body, text: JSON.stringify(body) });
const failure = (error: string) => ({ success: false, error, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.', data: null, additional_data: null });

describe('pipedrive errors', () => {
  it('judges success by the body: a 200 with success:false is a failure', () => {
    expect(isSuccess(answer(200, { success: true, data: { id: 1 } }))).toBe(true);
    expect(isSuccess(answer(200, failure('oops')))).toBe(false);
    expect(isSuccess(answer(200, null))).toBe(false);
    expect(dataOf(answer(200, { success: true, data: { id: 1 } }), 'x')).toEqual({ id: 1 });
  });

  it('maps validation failures to CRM_REJECTED, 5xx and soft failures to retryable', () => {
    const rejected = pipedriveError(answer(400, failure('Validation failed: emails[0].value: must be a valid email address')), 'create person');
    expect(rejected).toBeInstanceOf(PermanentError);
    expect(rejected).toMatchObject({ code: 'CRM_REJECTED', message: expect.stringContaining('400 Validation failed') });
    expect(pipedriveError(answer(403, failure('Open deals limit reached')), 'x')).toBeInstanceOf(PermanentError);
    const soft = pipedriveError(answer(200, failure('An internal error occurred')), 'create note');
    expect(soft).toBeInstanceOf(RetryableError);
    expect(soft.code).toBe('CRM_REJECTED');
    expect(pipedriveError(answer(502, null), 'x')).toMatchObject({ kind: 'retryable', code: 'CRM_5XX' });
    expect(() => dataOf(answer(404, failure('Person not found')), 'GET person')).toThrow(PermanentError);
  });

  it('keeps vendor messages bounded', () => {
    expect(pipedriveError(answer(400, failure('x'.repeat(1000))), 'w').message.length).toBeLessThan(260);
  });
});
