// Conversation extraction benchmark (issue 7): precision and recall per field on the labelled
// evaluation set, rules only, then throughput. Build first: npx tsc -p tsconfig.build.json
// Usage: node bench/conversation.mjs [--rounds N]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeConversation, caseTranscript, conversationConfigSchema, evaluateExtraction, EVAL_FIELDS } from '../dist/domain/conversation/index.js';

const fixtures = new URL('../test/fixtures/conversations/', import.meta.url);
const read = (name) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
const config = conversationConfigSchema.parse(read('eval-config.json'));
const cases = [...read('eval-pl.json'), ...read('eval-en.json')];
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 50;

const pct = (x) => x.toFixed(3);
function table(title, subset) {
  const transcripts = subset.map((c) => ({ case: c, analysis: analyzeConversation(caseTranscript(c), config) }));
  const metrics = evaluateExtraction(transcripts);
  console.log(`\n${title} (${subset.length} conversations)`);
  console.log('| field         | precision | recall | tp  | fp | fn |');
  console.log('|---------------|-----------|--------|-----|----|----|');
  for (const f of EVAL_FIELDS) {
    const m = metrics[f];
    console.log(`| ${f.padEnd(13)} | ${pct(m.precision).padStart(9)} | ${pct(m.recall).padStart(6)} | ${String(m.tp).padStart(3)} | ${String(m.fp).padStart(2)} | ${String(m.fn).padStart(2)} |`);
  }
}

table('All', cases);
table('Polish', cases.filter((c) => c.id.startsWith('pl-')));
table('English', cases.filter((c) => c.id.startsWith('en-')));

const transcripts = cases.map(caseTranscript);
for (const t of transcripts) analyzeConversation(t, config); // warm-up
const times = [];
const start = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const t of transcripts) {
    const t0 = performance.now();
    analyzeConversation(t, config);
    times.push(performance.now() - t0);
  }
}
const total = performance.now() - start;
times.sort((a, b) => a - b);
const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
console.log(`\nThroughput (${times.length} analyses, ${rounds} rounds)`);
console.log('| conversations/s | p50 ms | p99 ms | max ms |');
console.log('|-----------------|--------|--------|--------|');
console.log(`| ${String(Math.round((times.length / total) * 1000)).padStart(15)} | ${q(0.5).padStart(6)} | ${q(0.99).padStart(6)} | ${times[times.length - 1].toFixed(2).padStart(6)} |`);
