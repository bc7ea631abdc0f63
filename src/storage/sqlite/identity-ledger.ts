import type { ConsentRecord } from '../../domain/quality/index.js';
import { LIFECYCLE_STATUS, type LeadState, type StageName } from '../../domain/types.js';
import { newId } from '../../lib/ids.js';
import { type LedgerCandidate, type DedupeOutcome, type FrequencyReader, type IdentityLedger, type MergeSuggestion, type SuggestionDecision } from '../ports.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { createParsedRowCache } from './parsed-row-cache.js';
import type { WriteBatch } from './write-batch.js';
import { createLeaseCheck } from './lease.js';
import { createProfileWriter } from './lead-profiles.js';

/** Candidates considered per submission (oldest first); more would only be noise. */
const MAX_CANDIDATES = 25;
/** Newest leads read per fuzzy blocking key. */
const PER_BLOCK = 8;
/** Candidates' parsed profiles kept for reuse: a few submissions' worth of neighbourhoods, never the whole ledger. */
const PARSED_PROFILES = 2048;

interface SuggestionRow {
  id: string;
  lead_id: string;
  candidate_id: string;
  rule: string;
  confidence: number;
  evidence: string;
  status: MergeSuggestion['status'];
  created_at: number;
  decided_at: number | null;
}

/**
 * The identity ledger on SQLite. Every decision runs inside one savepoint of the connection's write
 * batch, and SQLite has one writer at a time — so candidates are read, the decision taken and the
 * keys claimed without another submission slipping in between (the serialization on normalized keys
 * that keeps two racing submissions of one new person from making two leads).
 */
export function createSqliteIdentityLedger(db: Db, workspaceId: string, batch: WriteBatch): IdentityLedger {
  const checkLease = createLeaseCheck(db, workspaceId);
  const saveProfile = createProfileWriter(db, workspaceId);
  const q = {
    mergedInto: db.prepare('SELECT merged_into FROM leads WHERE workspace_id = ? AND id = ?').pluck(),
    claimKey: db.prepare('INSERT OR IGNORE INTO identities (workspace_id, kind, value, lead_id, created_at) VALUES (?, ?, ?, ?, ?)'),
    claimBlock: db.prepare('INSERT OR IGNORE INTO identity_blocks (workspace_id, key, lead_id) VALUES (?, ?, ?)'),
    markCounted: db.prepare('INSERT OR IGNORE INTO name_frequency_leads (workspace_id, lead_id) VALUES (?, ?)'),
    countKey: db.prepare('INSERT INTO name_frequencies (workspace_id, key, count) VALUES (?, ?, 1) ON CONFLICT (workspace_id, key) DO UPDATE SET count = count + 1'),
    // By the lead index: with the (workspace, value) key of a WITHOUT ROWID table the planner would scan the key instead.
    moveKeys: db.prepare('UPDATE identities INDEXED BY identities_by_lead SET lead_id = ? WHERE workspace_id = ? AND lead_id = ?'),
    dropBlocks: db.prepare('DELETE FROM identity_blocks WHERE workspace_id = ? AND lead_id = ?'),
    markMerged: db.prepare("UPDATE leads SET status = 'merged', merged_into = ?, updated_at = ? WHERE workspace_id = ? AND id = ?"),
    dropProfile: db.prepare('DELETE FROM lead_profiles WHERE workspace_id = ? AND lead_id = ?'),
    event: db.prepare('INSERT INTO lead_events (workspace_id, id, lead_id, status, stage, at, duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)'),
    enqueue: db.prepare(
      'INSERT OR IGNORE INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, submission_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)',
    ),
    suggest: db.prepare(
      "INSERT OR IGNORE INTO merge_suggestions (workspace_id, id, lead_id, candidate_id, rule, confidence, evidence, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)",
    ),
    suggestion: db.prepare('SELECT * FROM merge_suggestions WHERE workspace_id = ? AND id = ?'),
    decide: db.prepare('UPDATE merge_suggestions SET status = ?, decided_at = ? WHERE workspace_id = ? AND id = ?'),
    consent: db.prepare(
      'INSERT OR IGNORE INTO consents (workspace_id, id, lead_id, purpose, granted, policy_version, text_hash, evidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    consents: db.prepare(
      'SELECT evidence FROM consents WHERE workspace_id = ? AND (lead_id = ? OR lead_id IN (SELECT id FROM leads WHERE workspace_id = ? AND merged_into = ?)) ORDER BY at, rowid',
    ).pluck(),
  };

  /** One prepared statement per number of `IN (…)` parameters, made on first use. */
  const perKeyCount = (prepare: (placeholders: string) => Statement) => {
    const cache = new Map<number, Statement>();
    return (n: number): Statement => {
      let statement = cache.get(n);
      if (!statement) {
        statement = prepare(Array.from({ length: n }, () => '?').join(','));
        cache.set(n, statement);
      }
      return statement;
    };
  };
  // Distinct in JavaScript: with DISTINCT in SQL the planner prefers walking the by-lead index.
  const ownersOf = perKeyCount((p) => db.prepare(`SELECT lead_id FROM identities WHERE workspace_id = ? AND value IN (${p})`).pluck());
  const exactOwners = (keys: string[]): string[] => [...new Set(ownersOf(keys.length).all(workspaceId, ...keys) as string[])];
  const countsOf = perKeyCount((p) => db.prepare(`SELECT key, count FROM name_frequencies WHERE workspace_id = ? AND key IN (${p})`).raw());
  const readFrequencies: FrequencyReader = (keys) =>
    keys.length === 0 ? new Map() : new Map(countsOf(keys.length).all(workspaceId, ...keys) as Array<[string, number]>);
  // The newest leads of one blocking key: a key shared by thousands (a common surname at a big
  // company) says little, and reading all of them would make every submission slower than the last.
  // One query per key, stopping once enough are found: measured in bench/pipeline, one UNION ALL of
  // every key cost more than the keys it spared.
  const blockMembers = db.prepare('SELECT lead_id FROM identity_blocks WHERE workspace_id = ? AND key = ? ORDER BY lead_id DESC LIMIT ?').pluck();
  const profileRows = perKeyCount((p) =>
    db.prepare(`SELECT lead_id, created_at, profile FROM lead_profiles WHERE workspace_id = ? AND lead_id IN (${p})`).raw(),
  );
  // The same candidates come back for many submissions in a row: their parsed profile is reused
  // while the row's text is unchanged (and so is what matching derives from that object).
  const parsedProfiles = createParsedRowCache(PARSED_PROFILES, (json): LeadState => ({
    data: JSON.parse(json) as Record<string, unknown>, flags: [], score: null, segment: null, owner: null, routingReason: null, crmIds: {},
  }));

  /**
   * Leads sharing an exact key (`owners`, read by the caller) first, then fuzzy-block neighbours;
   * only what matching reads.
   */
  function candidates(leadId: string, owners: string[], blocks: string[]): LedgerCandidate[] {
    const ids = new Set<string>(owners);
    ids.delete(leadId);
    // A person found by an exact key (email, phone, channel id) needs no fuzzy neighbours.
    for (const key of ids.size > 0 ? [] : blocks) {
      if (ids.size >= MAX_CANDIDATES) break;
      for (const id of blockMembers.all(workspaceId, key, PER_BLOCK) as string[]) ids.add(id);
    }
    ids.delete(leadId);
    const wanted = [...ids].slice(0, MAX_CANDIDATES * 2);
    const rows = wanted.length > 0 ? (profileRows(wanted.length).all(workspaceId, ...wanted) as Array<[string, number, string]>) : [];
    const found = rows.map(([id, createdAt, json]): LedgerCandidate => ({ leadId: id, createdAt, state: parsedProfiles.get(id, json) }));
    // Oldest first: among equals the person's original lead wins.
    return found.sort((a, b) => a.createdAt - b.createdAt || (a.leadId < b.leadId ? -1 : 1)).slice(0, MAX_CANDIDATES);
  }

  function claimKeys(leadId: string, keys: string[], blocks: string[], now: number): void {
    for (const key of keys) q.claimKey.run(workspaceId, key.slice(0, key.indexOf(':')), key, leadId, now);
    for (const key of blocks) q.claimBlock.run(workspaceId, key, leadId);
  }

  /** A new person's names and company join the frequency counts, once per lead. */
  function countPerson(leadId: string, frequencyKeys: string[]): void {
    if (frequencyKeys.length === 0 || q.markCounted.run(workspaceId, leadId).changes === 0) return;
    for (const key of frequencyKeys) q.countKey.run(workspaceId, key);
  }

  /**
   * Hands lead `from` over to `into`: its identity keys, its status — and a job of the survivor
   * that carries `from` as its submission from `stage` on, where the fields are merged under the
   * survivor's own lease. The caller records `from`'s `merged-into` event.
   */
  function handOver(from: string, into: string, stage: StageName, now: number): void {
    q.moveKeys.run(into, workspaceId, from);
    q.dropBlocks.run(workspaceId, from);
    q.markMerged.run(into, now, workspaceId, from);
    q.dropProfile.run(workspaceId, from);
    q.enqueue.run(workspaceId, newId('jb', now), into, `merge:${from}`, stage, now, from, now, now);
  }

  return {
    async resolveIdentity(job, owner, claim, decide) {
      // Optimistic: read the candidates and decide outside the write lock (matching is CPU work);
      // inside it, decide again only if the exact-key owners changed meanwhile. Exact keys are what
      // two racing submissions of one person share, so they can never both become new people.
      const readOwners = claim.identityKeys.length > 0 ? exactOwners(claim.identityKeys) : [];
      const readPlan = decide(candidates(job.leadId, readOwners, claim.blockingKeys), readFrequencies);
      return batch.run((now): DedupeOutcome => {
        checkLease(job, owner);
        const already = q.mergedInto.get(workspaceId, job.leadId) as string | null;
        if (already) return { action: 'already-merged', into: already };
        const owners = claim.identityKeys.length > 0 ? exactOwners(claim.identityKeys) : [];
        const unchanged = owners.length === readOwners.length && owners.every((o) => readOwners.includes(o));
        const plan = unchanged && (readPlan.action === 'new' || !q.mergedInto.get(workspaceId, readPlan.into))
          ? readPlan
          : decide(candidates(job.leadId, owners, claim.blockingKeys), readFrequencies);
        if (plan.action === 'merge') {
          handOver(job.leadId, plan.into, 'dedupe', now);
          claimKeys(plan.into, claim.identityKeys, claim.blockingKeys, now);
          return { action: 'merge', into: plan.into, detail: plan.detail };
        }
        claimKeys(job.leadId, claim.identityKeys, claim.blockingKeys, now);
        saveProfile(job.leadId, claim.person);
        countPerson(job.leadId, claim.frequencyKeys);
        const suggestionIds = plan.suggestions.map((s) => {
          const id = newId('ms', now);
          q.suggest.run(workspaceId, id, job.leadId, s.candidateId, s.rule, s.confidence, JSON.stringify(s.evidence), now);
          return id;
        });
        return { action: 'new', suggestionIds };
        // A decision lost to a power failure is taken again when the job runs again.
      }, { redoable: true });
    },

    async listMergeSuggestions(filter) {
      const where = ['workspace_id = ?'];
      const args: unknown[] = [workspaceId];
      if (filter.status) (where.push('status = ?'), args.push(filter.status));
      if (filter.before) (where.push('id < ?'), args.push(filter.before));
      const rows = db.prepare(`SELECT * FROM merge_suggestions WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as SuggestionRow[];
      return rows.map((r) => ({
        id: r.id,
        leadId: r.lead_id,
        candidateId: r.candidate_id,
        rule: r.rule,
        confidence: r.confidence,
        evidence: JSON.parse(r.evidence) as Record<string, unknown>,
        status: r.status,
        createdAt: r.created_at,
        decidedAt: r.decided_at,
      }));
    },

    decideSuggestion: (id, accept) =>
      batch.run((now): SuggestionDecision => {
        const row = q.suggestion.get(workspaceId, id) as SuggestionRow | undefined;
        if (!row) return { outcome: 'not-found' };
        if (row.status !== 'open') return { outcome: 'already-decided', status: row.status };
        if (!accept) {
          q.decide.run('rejected', now, workspaceId, id);
          return { outcome: 'rejected' };
        }
        for (const leadId of [row.lead_id, row.candidate_id]) {
          const mergedInto = q.mergedInto.get(workspaceId, leadId) as string | null;
          if (mergedInto) return { outcome: 'stale', reason: `lead ${leadId} was merged into ${mergedInto} meanwhile` };
        }
        handOver(row.lead_id, row.candidate_id, 'dedupe', now);
        const detail = { rule: row.rule, confidence: row.confidence, suggestionId: id, into: row.candidate_id };
        q.event.run(workspaceId, newId('ev', now), row.lead_id, LIFECYCLE_STATUS.mergedInto, 'dedupe', now, JSON.stringify(detail));
        q.decide.run('accepted', now, workspaceId, id);
        return { outcome: 'accepted', into: row.candidate_id };
      }),

    recordActivity: (leadId, activity) =>
      batch.run((now) => {
        const eventId = newId('ev', now);
        q.event.run(workspaceId, eventId, leadId, 'activity', null, activity.at, JSON.stringify({ ...activity.detail, type: activity.type }));
        // Behaviour feeds the score: re-score (and re-route, re-plan) the person from the score stage.
        q.enqueue.run(workspaceId, newId('jb', now), leadId, `activity:${eventId}`, 'score', now, null, now, now);
        return { eventId };
      }),

    async listConsents(leadId) {
      return (q.consents.all(workspaceId, leadId, workspaceId, leadId) as string[]).map((e) => JSON.parse(e) as ConsentRecord);
    },

    appendConsents: (leadId, records) =>
      batch.run((now) => {
        for (const record of records) {
          const id = newId('cs', now);
          q.consent.run(workspaceId, id, leadId, record.purpose, record.action === 'granted' ? 1 : 0, record.policyVersion, record.policySha256, JSON.stringify(record), record.at);
        }
      }),
  };
}
