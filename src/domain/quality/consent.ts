import { sha256Hex } from '../../lib/hash.js';
import type { ConsentInput } from '../types.js';
import { applyIpPolicy } from './ip.js';
import type { QualityConfig } from './quality.schema.js';

/**
 * The consent ledger's records, built purely; the store appends them and never updates one.
 * Contract:
 * - a submission records `granted` for every purpose it ticks and `declined` for every purpose it
 *   explicitly leaves unticked; a `declined` never revokes an earlier grant (an unticked box on a
 *   later form is not a withdrawal);
 * - only `withdrawn` (from `POST /v1/leads/:id/consents`) revokes;
 * - the current state is derived from the log (`currentConsent`), never stored over it.
 */
export type ConsentAction = 'granted' | 'declined' | 'withdrawn';

export interface ConsentRecord {
  purpose: string;
  action: ConsentAction;
  at: number;
  policyVersion: string | null;
  /** SHA-256 (hex) of the policy text registered for `policyVersion` in config; null when unknown. */
  policySha256: string | null;
  ip: string | null;
  userAgent: string | null;
  /** form, bot, channel, api, import, admin… */
  source: string;
  /** The text the person saw next to the checkbox. */
  evidenceText: string | null;
}

export interface ConsentContext {
  at: number;
  source: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface ConsentBuild {
  records: ConsentRecord[];
  /** `unknown-policy-version` when the submission names a version config has no text for. */
  problems: Array<'unknown-policy-version'>;
}

const PURPOSES = ['contact', 'marketing'] as const;

// Per policies object of the config and version (so bounded by the config): hashed once, not for
// every submission. The text is kept to compare, so a policy changed in place is hashed again.
const policyHashes = new WeakMap<QualityConfig['consent']['policies'], Map<string, { text: string; hash: string }>>();

function policyHash(version: string | null, config: QualityConfig['consent']): string | null {
  const text = version === null ? undefined : config.policies[version];
  if (text === undefined || version === null) return null;
  let known = policyHashes.get(config.policies);
  if (!known) policyHashes.set(config.policies, (known = new Map()));
  let entry = known.get(version);
  if (entry?.text !== text) known.set(version, (entry = { text, hash: sha256Hex(text) }));
  return entry.hash;
}

function circumstances(context: ConsentContext, config: QualityConfig['consent'], evidenceText: string | null | undefined) {
  return {
    at: context.at,
    ip: applyIpPolicy(context.ip, config.ipPolicy),
    userAgent: context.userAgent?.trim() || null,
    source: context.source,
    evidenceText: evidenceText?.trim() || null,
  };
}

export function buildConsentRecords(input: ConsentInput | undefined, context: ConsentContext, config: QualityConfig['consent']): ConsentBuild {
  if (!input) return { records: [], problems: [] };
  const version = input.policyVersion?.trim() || null;
  const sha = policyHash(version, config);
  const base = { ...circumstances(context, config, input.text), policyVersion: version, policySha256: sha };
  const records = PURPOSES.filter((p) => typeof input[p] === 'boolean').map((purpose): ConsentRecord => ({
    ...base,
    purpose,
    action: input[purpose] ? 'granted' : 'declined',
  }));
  return { records, problems: version !== null && sha === null ? ['unknown-policy-version'] : [] };
}

export function buildWithdrawal(purpose: string, context: ConsentContext & { evidenceText?: string | null }, config: QualityConfig['consent']): ConsentRecord {
  return { ...circumstances(context, config, context.evidenceText), purpose, action: 'withdrawn', policyVersion: null, policySha256: null };
}

export interface ConsentState {
  granted: boolean;
  /** The record that decided the state (the latest grant or withdrawal), null when none. */
  decidedBy: ConsentRecord | null;
}

/** Per purpose, the latest `granted` or `withdrawn` decides; records are ordered by `at`, then log order. */
export function currentConsent(records: readonly ConsentRecord[]): Record<string, ConsentState> {
  const state: Record<string, ConsentState> = {};
  const ordered = records.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i);
  for (const { r } of ordered) {
    if (r.action === 'declined') {
      state[r.purpose] ??= { granted: false, decidedBy: null };
      continue;
    }
    state[r.purpose] = { granted: r.action === 'granted', decidedBy: r };
  }
  return state;
}

/** The send-time question: may we use this purpose now? Records after `at` are ignored. */
export function hasConsent(records: readonly ConsentRecord[], purpose: string, at: number): boolean {
  return currentConsent(records.filter((r) => r.at <= at))[purpose]?.granted ?? false;
}
