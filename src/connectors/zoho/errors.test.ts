import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../../pipeline/errors.js';
import type { HttpResponse } from '../http.js';
import { duplicateIdOf, readRecords, recordOutcome, writeResults } from './errors.js';

const response = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body, text: body === null ? '' : JSON.stringify(body) });

describe('zoho errors', () => {
  it('reads per-record results: insert, update, field errors', () => {
    expect(recordOutcome({ code: 'SUCCESS', action: 'insert', details: { id: '5' }, status: 'success' }, 'x')).toEqual({ kind: 'ok', id: '5', created: true });
    expect(recordOutcome({ code: 'SUCCESS', action: 'update', details: { id: '5' } }, 'x')).toEqual({ kind: 'ok', id: '5', created: false });
    const invalid = recordOutcome({ code: 'INVALID_DATA', message: 'invalid data', details: { api_name: 'Email' }, status: 'error' }, 'x');
    expect(invalid.kind === 'error' && invalid.error).toBeInstanceOf(PermanentError);
    const mandatory = recordOutcome({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } }, 'x');
    expect(mandatory.kind === 'error' && mandatory.error.code).toBe('CRM_REJECTED');
    const internal = recordOutcome({ code: 'INTERNAL_ERROR' }, 'x');
    expect(internal.kind === 'error' && internal.error).toBeInstanceOf(RetryableError);
    expect(recordOutcome(undefined, 'x').kind).toBe('error');
  });

  it('adopts DUPLICATE_DATA: details.duplicate_record.id, or the older details.id', () => {
    expect(duplicateIdOf({ code: 'DUPLICATE_DATA', details: { api_name: 'Email', duplicate_record: { id: '77', module: { api_name: 'Leads' } } } })).toBe('77');
    expect(duplicateIdOf({ code: 'DUPLICATE_DATA', details: { api_name: 'Email', id: '78' } })).toBe('78');
    expect(recordOutcome({ code: 'DUPLICATE_DATA', details: { id: '79' } }, 'x')).toEqual({ kind: 'duplicate', id: '79' });
    expect(duplicateIdOf({ code: 'INVALID_DATA', details: { id: '1' } })).toBeNull();
  });

  it('write answers: data[] on 2xx, 207 and an all-failed 400; anything else one typed error', () => {
    expect(writeResults(response(207, { data: [{ code: 'SUCCESS' }] }), 'x')).toHaveLength(1);
    expect(writeResults(response(400, { data: [{ code: 'INVALID_DATA' }] }), 'x')).toHaveLength(1);
    expect(() => writeResults(response(400, { code: 'LIMIT_EXCEEDED', message: 'the number of records exceeds 100', details: {}, status: 'error' }), 'x')).toThrow(PermanentError);
    expect(() => writeResults(response(502, null), 'x')).toThrow(RetryableError);
  });

  it('reads: 204 is no match', () => {
    expect(readRecords(response(204, null), 'search')).toEqual([]);
    expect(readRecords(response(200, { data: [{ id: '1' }], info: {} }), 'search')).toEqual([{ id: '1' }]);
    expect(() => readRecords(response(400, { code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'per_page' } }), 'search')).toThrow(PermanentError);
  });
});
