import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildConsentRecords, buildWithdrawal, currentConsent, hasConsent, type ConsentRecord } from './consent.js';
import { applyIpPolicy, truncateIp } from './ip.js';
import { qualityConfigSchema } from './quality.schema.js';

const POLICY_V3 = 'Polityka prywatności v3: administratorem danych jest Acme Sp. z o.o.';
const config = qualityConfigSchema.parse({ consent: { policies: { v3: POLICY_V3 } } }).consent;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const context = { at: T0, source: 'form', ip: '203.0.113.77', userAgent: ' Mozilla/5.0 ' };

describe('buildConsentRecords', () => {
  const { records, problems } = buildConsentRecords(
    { marketing: true, contact: false, policyVersion: 'v3', text: ' Zgadzam się na otrzymywanie informacji handlowych. ' },
    context,
    config,
  );

  it('records a grant per ticked purpose and a decline per unticked one, with full evidence', () => {
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        purpose: 'contact', action: 'declined', at: T0, policyVersion: 'v3',
        policySha256: createHash('sha256').update(POLICY_V3).digest('hex'),
        ip: '203.0.113.0', userAgent: 'Mozilla/5.0', source: 'form',
        evidenceText: 'Zgadzam się na otrzymywanie informacji handlowych.',
      },
      expect.objectContaining({ purpose: 'marketing', action: 'granted' }),
    ]);
  });

  it('hashes each policy text once per config, and again when the text changes', () => {
    const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
    const own = qualityConfigSchema.parse({ consent: { policies: { v3: POLICY_V3 } } }).consent;
    const hashOf = () => buildConsentRecords({ marketing: true, policyVersion: 'v3' }, context, own).records[0]?.policySha256;
    expect([hashOf(), hashOf()]).toEqual([sha(POLICY_V3), sha(POLICY_V3)]);
    own.policies.v3 = 'Polityka prywatności v3, poprawiona';
    expect(hashOf()).toBe(sha('Polityka prywatności v3, poprawiona'));
  });

  it('reports a policy version config has no text for, and records no hash', () => {
    const result = buildConsentRecords({ marketing: true, policyVersion: 'v9' }, context, config);
    expect(result.problems).toEqual(['unknown-policy-version']);
    expect(result.records[0]?.policySha256).toBeNull();
  });

  it('records nothing for a submission without consent fields', () => {
    expect(buildConsentRecords(undefined, context, config)).toEqual({ records: [], problems: [] });
    expect(buildConsentRecords({ policyVersion: 'v3' }, context, config).records).toEqual([]);
  });

  it('applies the IP policy: store, truncate or omit', () => {
    const store = { ...config, ipPolicy: 'store' as const };
    const omit = { ...config, ipPolicy: 'omit' as const };
    expect(buildConsentRecords({ marketing: true }, context, store).records[0]?.ip).toBe('203.0.113.77');
    expect(buildConsentRecords({ marketing: true }, context, omit).records[0]?.ip).toBeNull();
  });
});

describe('current consent is derived from the append-only log', () => {
  const grant = (at: number): ConsentRecord => buildConsentRecords({ marketing: true }, { ...context, at }, config).records[0] as ConsentRecord;
  const decline = (at: number): ConsentRecord => buildConsentRecords({ marketing: false }, { ...context, at }, config).records[0] as ConsentRecord;
  const withdraw = (at: number): ConsentRecord => buildWithdrawal('marketing', { at, source: 'api', evidenceText: 'unsubscribe link' }, config);

  it('a withdrawal revokes an earlier grant; a later grant restores it', () => {
    const log = [grant(T0), withdraw(T0 + 1_000)];
    expect(currentConsent(log).marketing).toMatchObject({ granted: false, decidedBy: { action: 'withdrawn' } });
    expect(currentConsent([...log, grant(T0 + 2_000)]).marketing?.granted).toBe(true);
  });

  it('an unticked box on a later form is not a withdrawal', () => {
    expect(currentConsent([grant(T0), decline(T0 + 1_000)]).marketing).toMatchObject({ granted: true });
    expect(currentConsent([decline(T0)]).marketing).toEqual({ granted: false, decidedBy: null });
  });

  it('orders by time, not by log position', () => {
    expect(currentConsent([withdraw(T0 + 1_000), grant(T0)]).marketing?.granted).toBe(false);
  });

  it('answers the send-time question as of that time', () => {
    const log = [grant(T0), withdraw(T0 + 10_000)];
    expect(hasConsent(log, 'marketing', T0 + 5_000)).toBe(true);
    expect(hasConsent(log, 'marketing', T0 + 10_000)).toBe(false);
    expect(hasConsent(log, 'marketing', T0 - 1)).toBe(false);
    expect(hasConsent(log, 'contact', T0 + 5_000)).toBe(false);
  });

  it('a withdrawal carries no policy and keeps its own evidence', () => {
    expect(withdraw(T0)).toEqual({
      purpose: 'marketing', action: 'withdrawn', at: T0, policyVersion: null, policySha256: null,
      ip: null, userAgent: null, source: 'api', evidenceText: 'unsubscribe link',
    });
  });
});

describe('IP truncation', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['[2001:db8:1:2::1]', '2001:db8:1::'],
    ['::ffff:198.51.100.9', '198.51.100.0'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['not-an-ip', null],
  ])('%s → %s', (ip, expected) => {
    expect(truncateIp(ip)).toBe(expected);
  });

  it('omits an absent IP under every policy', () => {
    expect(applyIpPolicy(undefined, 'store')).toBeNull();
    expect(applyIpPolicy(' 203.0.113.77 ', 'store')).toBe('203.0.113.77');
  });
});
