// Dedup benchmark (issue 3): pair precision / recall / F1 of the name-company rule on the Febrl
// person sets: name evidence weighed by how common each value is (`name-evidence.ts`), merged or
// suggested by `decideMatch` with the default config. Given name and surname are the names; the
// suburb stands in for the company (a short proper name with typos, like a company name).
// soc_sec_id and date of birth are never read, nor are the labels, except to score the decisions.
// Candidates come from `fuzzyBlockingKeys`, exactly as the store would find them; the frequencies
// from a table built over the records being matched, as the store keeps it (`frequencyKeys`).
// (b) Identity lookups per second against an identity ledger of N entries (default 1,000,000) in
// SQLite (better-sqlite3, WAL, a temp file): keys from `identityKeys`, one lookup = all keys of one
// incoming profile resolved in one query. Peak RSS is the process maximum.
// Prints tables; asserts nothing.
//
//   npx tsc -p tsconfig.build.json; node bench/dedup.mjs [ledgerEntries]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../dist/storage/sqlite/database.js';
import { decideMatch, evidenceKeys, frequencyKeys, fuzzyBlockingKeys, identityKeys, nameEvidence, qualityConfigSchema } from '../dist/domain/quality/index.js';

const dataDir = new URL('../../shared/data/febrl/', import.meta.url);
const options = qualityConfigSchema.parse({}).dedup;

function load(file) {
  const lines = readFileSync(new URL(file, dataDir), 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const c = line.split(',').map((v) => v.trim());
    return {
      id: c[0],
      entity: /^rec-(\d+)-/.exec(c[0])[1],
      profile: { firstName: c[1] || null, lastName: c[2] || null, company: c[6] || null },
    };
  });
}

/** Candidate pairs [i, j] (i < j, or a-side/b-side for linkage) that share a blocking key. */
function candidatePairs(left, right) {
  const index = new Map();
  right.forEach((r, j) => {
    for (const key of fuzzyBlockingKeys(r.profile)) {
      if (!index.has(key)) index.set(key, []);
      index.get(key).push(j);
    }
  });
  const pairs = new Set();
  left.forEach((l, i) => {
    for (const key of fuzzyBlockingKeys(l.profile)) {
      for (const j of index.get(key) ?? []) if (left !== right || j > i) pairs.add(i * 1e6 + j);
    }
  });
  return [...pairs].map((p) => [Math.floor(p / 1e6), p % 1e6]);
}

function truePairCount(left, right) {
  const count = (recs) => recs.reduce((m, r) => m.set(r.entity, (m.get(r.entity) ?? 0) + 1), new Map());
  const a = count(left);
  if (left === right) return [...a.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const b = count(right);
  return [...a].reduce((s, [e, n]) => s + n * (b.get(e) ?? 0), 0);
}

/**
 * Headroom: the share of true pairs whose three fields are all present on both sides and each at
 * least 0.75 similar. Febrl corrupts by blanking a field or replacing it with another value; with
 * three fields, such a pair agrees on two only, which for a CRM is a relative or a colleague.
 */
function intactShare(left, right) {
  const byEntity = new Map();
  for (const r of left) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
  let total = 0;
  let intact = 0;
  const seen = new Set();
  for (const b of right) {
    for (const a of byEntity.get(b.entity) ?? []) {
      if (a === b || (left === right && seen.has(`${b.id}|${a.id}`))) continue;
      seen.add(`${a.id}|${b.id}`);
      total++;
      const e = nameEvidence(a.profile, b.profile);
      if ([e.firstName, e.lastName, e.company].every((f) => f.similarity !== null && f.similarity >= 0.75)) intact++;
    }
  }
  return intact / total;
}

/**
 * The name-frequency table the store would hold after taking in these records: each record's
 * `frequencyKeys` counted once, as the ledger counts each person it creates. Built from the names
 * alone, never from the labels.
 */
function frequencyTable(records) {
  const table = new Map();
  for (const r of records) for (const k of frequencyKeys(r.profile)) table.set(k, (table.get(k) ?? 0) + 1);
  return table;
}

/** What one decision reads, as the dedupe stage does: counts of the values it weighs, less the incoming record's own (not yet counted). */
function countsFor(table, incoming, candidate) {
  const own = new Set(frequencyKeys(incoming));
  return new Map(evidenceKeys(incoming, [candidate]).map((k) => [k, (table.get(k) ?? 0) - (own.has(k) ? 1 : 0)]));
}

function evaluate(name, left, right) {
  const t0 = performance.now();
  const table = frequencyTable(left === right ? left : [...left, ...right]);
  const pairs = candidatePairs(left, right);
  const truth = truePairCount(left, right);
  const tally = { merge: { tp: 0, fp: 0 }, suggest: { tp: 0, fp: 0 }, blockedTrue: 0 };
  for (const [i, j] of pairs) {
    const a = left[i];
    const b = right[j];
    const same = a.entity === b.entity;
    if (same) tally.blockedTrue++;
    const frequencies = countsFor(table, b.profile, a.profile);
    const decision = decideMatch(b.profile, [{ leadId: a.id, profile: a.profile }], { ...options, frequencies });
    if (decision.action === 'new') continue;
    tally[decision.action][same ? 'tp' : 'fp']++;
  }
  const ms = performance.now() - t0;
  const row = (tp, fp) => {
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp / truth;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1 };
  };
  const auto = row(tally.merge.tp, tally.merge.fp);
  const withSuggest = row(tally.merge.tp + tally.suggest.tp, tally.merge.fp + tally.suggest.fp);
  const intact = intactShare(left, right);
  return { name, records: left === right ? left.length : left.length + right.length, truth, intact, candidates: pairs.length, blockingRecall: tally.blockedTrue / truth, auto, withSuggest, ms };
}

// One set at a time, so each one's records (and what matching cached on them) can be collected.
const results = [
  ['febrl 1', 'dataset1.csv'],
  ['febrl 2', 'dataset2.csv'],
  ['febrl 3', 'dataset3.csv'],
  ['febrl 4a+4b', 'dataset4a.csv', 'dataset4b.csv'],
].map(([name, a, b]) => {
  const left = load(a);
  return evaluate(name, left, b ? load(b) : left);
});

const f = (x) => x.toFixed(3);
console.log(`dedup — name evidence weighed by ledger name frequencies on Febrl (suburb as company); match probability auto ${options.autoMergeThreshold}, suggest ${options.suggestThreshold}`);
console.log('| dataset | records | true pairs | 3 fields intact | candidate pairs | blocking recall | auto P | auto R | auto F1 | +sugg P | +sugg R | +sugg F1 | ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.records} | ${r.truth} | ${f(r.intact)} | ${r.candidates} | ${f(r.blockingRecall)} | ${f(r.auto.precision)} | ${f(r.auto.recall)} | ${f(r.auto.f1)} | ${f(r.withSuggest.precision)} | ${f(r.withSuggest.recall)} | ${f(r.withSuggest.f1)} | ${Math.round(r.ms)} |`);
}

// (b) identity ledger lookups in SQLite
const ledgerSize = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-dedup-'));
// The project's own schema (migrations) and the ledger's own lookup: identities by value.
const db = openDatabase(join(dir, 'ledger.db'), { synchronous: 'NORMAL' });
migrate(db, 'default', Date.now());
// The ledger's rows reference leads; the bench loads keys alone, so foreign keys are off for it.
db.pragma('foreign_keys = OFF');
// Half the people have an email and a phone, half only an email: ~1.5 keys per lead.
const profileOf = (i) => ({
  email: `person${i}@company${i % 5000}.pl`,
  phone: i % 2 === 0 ? `+48${String(500_000_000 + i).padStart(9, '0')}` : null,
});
const insert = db.prepare("INSERT OR IGNORE INTO identities (workspace_id, kind, value, lead_id, created_at) VALUES ('default', ?, ?, ?, 0)");
const tLoad = performance.now();
let entries = 0;
const fill = db.transaction((from, to) => {
  for (let i = from; i < to && entries < ledgerSize; i++) {
    for (const k of identityKeys(profileOf(i))) {
      if (entries >= ledgerSize) break;
      insert.run(k.kind, k.key, `lead-${i}`);
      entries++;
    }
  }
});
for (let from = 0; entries < ledgerSize; from += 50_000) fill(from, from + 50_000);
const loadMs = performance.now() - tLoad;

const lookup = db.prepare("SELECT lead_id FROM identities WHERE workspace_id = 'default' AND value IN (?, ?)");
const people = Math.ceil(ledgerSize / 1.5);
const LOOKUPS = 200_000;
let found = 0;
let seed = 42;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
const tLookup = performance.now();
for (let n = 0; n < LOOKUPS; n++) {
  // 80 % returning people (found), 20 % new ones (missed), formatting varied as the intake sees it.
  const i = n % 5 === 0 ? people + next() : next() % people;
  const p = profileOf(i);
  const keys = identityKeys({ email: p.email.toUpperCase(), phone: p.phone }).map((k) => k.key);
  if (lookup.all(keys[0], keys[1] ?? keys[0]).length > 0) found++;
}
const lookupMs = performance.now() - tLookup;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
db.close();
rmSync(dir, { recursive: true, force: true });

console.log('');
console.log('identity ledger — SQLite (better-sqlite3, WAL), the project schema: identities by (workspace_id, value)');
console.log('| ledger entries | load s | lookups | hit rate | lookups/s | peak RSS MB |');
console.log('|---:|---:|---:|---:|---:|---:|');
console.log(`| ${entries} | ${(loadMs / 1000).toFixed(1)} | ${LOOKUPS} | ${(found / LOOKUPS).toFixed(3)} | ${Math.round(LOOKUPS / (lookupMs / 1000))} | ${peakRssMb.toFixed(0)} |`);
