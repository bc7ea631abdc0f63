import { describe, expect, it } from 'vitest';
import { completeness, evaluateMissingData, requiredFields } from './missing-data.js';
import { configForSource, missingDataPolicySchema, qualityConfigSchema, qualitySourceOverrideSchema } from './quality.schema.js';

const policy = (over: Record<string, unknown> = {}) => missingDataPolicySchema.parse(over);
const person = { email: 'jan@acme.pl', phone: null, firstName: 'Jan', lastName: null, company: 'Acme', jobTitle: null };

describe('evaluateMissingData', () => {
  it('B2B requires an email, B2C a phone', () => {
    expect(requiredFields(policy({ mode: 'b2b' }))).toEqual(['email']);
    expect(requiredFields(policy({ mode: 'b2c' }))).toEqual(['phone']);
    expect(evaluateMissingData(person, policy({ mode: 'b2b' })).outcome).toBe('complete');
    expect(evaluateMissingData(person, policy({ mode: 'b2c' }))).toMatchObject({ outcome: 'incomplete', missingRequired: ['phone'] });
  });

  it('custom mode reads `a|b` as either one', () => {
    const p = policy({ mode: 'custom', required: ['email|phone', 'company'] });
    expect(evaluateMissingData({ phone: '+48888784878', company: 'Acme' }, p).outcome).toBe('complete');
    expect(evaluateMissingData({ company: ' ' }, p).missingRequired).toEqual(['email|phone', 'company']);
  });

  it.each([
    ['create-with-available', 'create'],
    ['require-minimum', 'reject'],
    ['incomplete', 'incomplete'],
  ])('strategy %s → %s when the minimum is missing', (strategy, outcome) => {
    expect(evaluateMissingData({ firstName: 'Jan' }, policy({ strategy }))).toMatchObject({ outcome, missingRequired: ['email'] });
  });

  it('a first name is preferred, never required', () => {
    expect(evaluateMissingData({ email: 'jan@acme.pl' }, policy({ strategy: 'require-minimum' }))).toMatchObject({
      outcome: 'complete',
      missingPreferred: ['firstName'],
    });
  });

  it('measures completeness over the six profile fields', () => {
    expect(completeness(person)).toBe(0.5);
    expect(completeness({})).toBe(0);
    expect(evaluateMissingData(person, policy()).completeness).toBe(0.5);
  });
});

describe('quality config', () => {
  it('parses an empty section into a working default config', () => {
    const config = qualityConfigSchema.parse({});
    expect(config.missingData).toEqual({ mode: 'b2b', required: [], preferred: ['firstName'], strategy: 'incomplete' });
    expect(config.dedup).toEqual({ autoMergeThreshold: 0.95, suggestThreshold: 0.5, nameConflictThreshold: 0.85 });
    expect(config.consent.ipPolicy).toBe('truncate');
  });

  it('refuses a suggest threshold above the auto-merge one, and unknown keys, with paths', () => {
    const result = qualityConfigSchema.safeParse({ dedup: { autoMergeThreshold: 0.8, suggestThreshold: 0.9 }, email: { lowercase: true } });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toContain('email');
    expect(paths).toContain('dedup');
  });

  it('folds a per-source missing-data override into the workspace section without mutating it', () => {
    const config = qualityConfigSchema.parse({});
    const b2c = configForSource(config, { missingData: { mode: 'b2c', strategy: 'require-minimum' } });
    expect(b2c.missingData).toEqual({ mode: 'b2c', required: [], preferred: ['firstName'], strategy: 'require-minimum' });
    expect(config.missingData.mode).toBe('b2b');
    expect(configForSource(config, undefined)).toBe(config);
  });
});

describe('per-source override schema', () => {
  it('holds only what the source sets, so the workspace strategy survives a mode override', () => {
    const override = qualitySourceOverrideSchema.parse({ missingData: { mode: 'b2c' } });
    expect(override).toEqual({ missingData: { mode: 'b2c' } });
    const workspace = qualityConfigSchema.parse({ missingData: { strategy: 'require-minimum' } });
    expect(configForSource(workspace, override).missingData).toMatchObject({ mode: 'b2c', strategy: 'require-minimum' });
  });
});
