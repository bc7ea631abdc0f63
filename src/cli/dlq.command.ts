import { parseArgs } from 'node:util';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../pipeline/errors.js';
import type { DeadLetter } from '../storage/ports.js';
import { COMMON_HELP, COMMON_OPTIONS, UsageError, loadRuntime } from './runtime.js';

const HELP = `Usage:
  leadwire dlq list [--reason R] [--include-replayed] [--limit N] [--json]
  leadwire dlq replay <deadLetterId>...
  leadwire dlq replay --all [--reason R]

Lists or replays dead letters: a replayed lead re-enters the pipeline at the stage that failed.
A running worker picks replayed jobs up within its poll interval.

Options:
  --reason <R>        one of ${DEAD_LETTER_REASONS.join(', ')}
  --all               replay every open dead letter (with --reason: only those)
  --include-replayed  list replayed ones too
  --limit <n>         list at most n (default 100)
  --json              one JSON object per line
${COMMON_HELP}`;

export async function dlqCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, reason: { type: 'string' }, all: { type: 'boolean' }, 'include-replayed': { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  const [action, ...ids] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const reason = values.reason as DeadLetterReason | undefined;
  if (reason !== undefined && !DEAD_LETTER_REASONS.includes(reason)) throw new UsageError(`--reason must be one of ${DEAD_LETTER_REASONS.join(', ')}`);
  const rt = loadRuntime(values);
  const store = rt.openStore('FULL');
  try {
    if (action === 'list') {
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      const letters = await store.listDeadLetters({ reason, includeReplayed: values['include-replayed'] ?? false, limit });
      process.stdout.write(values.json ? letters.map((l) => JSON.stringify(l)).join('\n') + (letters.length ? '\n' : '') : table(letters));
      return 0;
    }
    if (action === 'replay') {
      if (values.all === (ids.length > 0)) throw new UsageError('give dead-letter ids, or --all (optionally with --reason), not both');
      const targets = values.all ? await allOpen(store, reason) : ids;
      let failed = 0;
      for (const id of targets) {
        const result = await store.replay(id);
        if (result.outcome === 'replayed') process.stdout.write(`${id}: replayed (lead ${result.leadId}, job ${result.jobId})\n`);
        else {
          failed++;
          process.stdout.write(`${id}: ${result.outcome === 'not-found' ? 'no such dead letter' : 'already replayed'}\n`);
        }
      }
      process.stdout.write(`${targets.length - failed} replayed, ${failed} skipped\n`);
      return failed > 0 ? 1 : 0;
    }
    throw new UsageError(`unknown dlq action: ${action}`);
  } finally {
    await store.close();
  }
}

async function allOpen(store: { listDeadLetters: (f: { reason?: DeadLetterReason; before?: string; limit: number }) => Promise<DeadLetter[]> }, reason: DeadLetterReason | undefined): Promise<string[]> {
  const ids: string[] = [];
  let before: string | undefined;
  for (;;) {
    const batch = await store.listDeadLetters({ reason, before, limit: 500 });
    ids.push(...batch.map((l) => l.id));
    if (batch.length < 500) return ids;
    before = batch[batch.length - 1]!.id;
  }
}

function table(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'no dead letters\n';
  const rows = letters.map((l) => [l.id, l.leadId, l.stage, l.reason, String(l.attempts), new Date(l.createdAt).toISOString(), l.replayedAt ? 'replayed' : 'open', l.error.slice(0, 60)]);
  const head = ['id', 'lead', 'stage', 'reason', 'attempts', 'created', 'state', 'error'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
