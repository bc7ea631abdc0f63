import { describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError, RateLimitedError, RetryableError } from '../../pipeline/errors.js';
import { existingIdFrom, hubspotError, hubspotItemError, redact, traceIdsOf } from './errors.js';

const ctx = { account: 'hs', what: 'POST contacts' };
const validation = {
  status: 'error',
  message: 'Property values were not valid: [{"isValid":false,"message":"Email address ann@ is invalid","error":"INVALID_EMAIL","name":"email"}]',
  correlationId: 'aeb5f871-7f07-4993-9211-075dc63e7cbf',
  category: 'VALIDATION_ERROR',
};

describe('hubspot errors', () => {
  it('reads the existing id out of a 409 CONFLICT', () => {
    expect(existingIdFrom({ status: 'error', message: 'Contact already exists. Existing ID: 12345', category: 'CONFLICT' })).toBe('12345');
    expect(existingIdFrom({ message: 'Conflict' })).toBeNull();
    expect(existingIdFrom('not json')).toBeNull();
  });

  it('maps statuses to our taxonomy', () => {
    expect(hubspotError(400, validation, ctx)).toBeInstanceOf(PermanentError);
    expect(hubspotError(400, validation, ctx).code).toBe('CRM_REJECTED');
    expect(hubspotError(401, { category: 'INVALID_AUTHENTICATION' }, ctx)).toBeInstanceOf(AuthExpiredError);
    expect(hubspotError(403, { category: 'MISSING_SCOPES' }, ctx)).toBeInstanceOf(AuthExpiredError);
    expect(hubspotError(403, { category: 'FORBIDDEN' }, ctx).code).toBe('CRM_REJECTED');
    expect(hubspotError(409, { category: 'CONFLICT', message: 'Contact already exists.' }, ctx).code).toBe('DUPLICATE_CONFLICT');
    expect(hubspotError(502, null, ctx)).toBeInstanceOf(RetryableError);
    expect(hubspotError(423, null, ctx).code).toBe('CRM_5XX');
    const limited = hubspotError(429, { policyName: 'SECONDLY' }, ctx);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(1_000);
  });

  it('keeps emails and phones out of our messages', () => {
    const message = hubspotError(400, validation, ctx).message;
    expect(message).toContain('VALIDATION_ERROR');
    expect(message).toContain('correlationId aeb5f871');
    expect(message).not.toContain('ann@');
    expect(redact('phone +1 (415) 555-0100 and a@b.co')).toBe('phone <number> and <email>');
  });

  it('maps a batch item error and ties it back by objectWriteTraceId', () => {
    const item = { status: 'error', category: 'VALIDATION_ERROR', message: 'bad', context: { objectWriteTraceId: ['2'] }, errors: [], links: {} };
    expect(traceIdsOf(item)).toEqual(['2']);
    expect(hubspotItemError(item, ctx).code).toBe('CRM_REJECTED');
    expect(hubspotItemError({ ...item, category: 'CONFLICT' }, ctx).code).toBe('DUPLICATE_CONFLICT');
  });
});
