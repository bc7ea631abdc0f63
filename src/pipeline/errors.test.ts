import { describe, expect, it } from 'vitest';
import { PermanentError, redactPersonalData, toStageError } from './errors.js';

describe('stage error messages carry no personal data', () => {
  it('masks emails and E.164 phones a vendor echoes, keeps record ids', () => {
    expect(redactPersonalData('INVALID_EMAIL_ADDRESS: Email: invalid email address: jan.nowak@firma..pl')).toBe('INVALID_EMAIL_ADDRESS: Email: invalid email address: [email]');
    expect(redactPersonalData('Phone +48512345678 is not valid for record 51234567890')).toBe('Phone [phone] is not valid for record 51234567890');
  });

  it('applies to every typed error, also ones made from unknown failures', () => {
    expect(new PermanentError('duplicate value anna@acme.pl', 'CRM_REJECTED').message).toBe('duplicate value [email]');
    expect(toStageError(new Error('lookup failed for +442079460958')).message).toBe('lookup failed for [phone]');
  });
});
