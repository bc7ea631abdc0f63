import { describe, expect, it } from 'vitest';
import { apiUsage, classifySalesforce } from './client.js';

const res = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers, body, text: JSON.stringify(body) });

describe('salesforce policy', () => {
  it('reads Sforce-Limit-Info', () => {
    expect(apiUsage('api-usage=25/15000')).toEqual({ used: 25, limit: 15000 });
    expect(apiUsage(undefined)).toBeNull();
  });

  it('classifies session expiry, request limits and server errors', () => {
    expect(classifySalesforce(res(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]), 0)).toEqual({ kind: 'auth', reason: 'INVALID_SESSION_ID' });
    expect(classifySalesforce(res(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]), 0)).toMatchObject({ kind: 'rate-limited', waitMs: 3_600_000 });
    expect(classifySalesforce(res(403, [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]), 0)).toMatchObject({ kind: 'rate-limited', waitMs: 2_000 });
    expect(classifySalesforce(res(403, [{ message: 'no access', errorCode: 'INSUFFICIENT_ACCESS' }]), 0)).toEqual({ kind: 'ok' });
    expect(classifySalesforce(res(503, null), 0).kind).toBe('retry');
    expect(classifySalesforce(res(400, []), 0).kind).toBe('ok');
  });
});
