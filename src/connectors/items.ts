import { AuthExpiredError, PermanentError, RateLimitedError, toStageError } from '../pipeline/errors.js';
import type { ItemOutcome } from './types.js';

/**
 * One call per item, for CRMs (or objects) without a batch endpoint: an outcome per item, in order.
 * After an auth or rate-limit failure the rest are not sent — they share that outcome — since the
 * whole account is then paused or waiting.
 */
export async function eachItem<T>(items: T[], run: (item: T, index: number) => Promise<ItemOutcome>): Promise<ItemOutcome[]> {
  const out: ItemOutcome[] = [];
  let stop: ItemOutcome | null = null;
  for (const [index, item] of items.entries()) {
    if (stop) {
      out.push(stop);
      continue;
    }
    try {
      out.push(await run(item, index));
    } catch (error) {
      const outcome: ItemOutcome = { ok: false, error: toStageError(error) };
      if (outcome.error instanceof AuthExpiredError || outcome.error instanceof RateLimitedError) stop = outcome;
      out.push(outcome);
    }
  }
  return out;
}

/**
 * A follow-on write whose refusal must not undo what came before it (closing the Lead a new Contact
 * replaced): a PermanentError — the CRM will refuse it again — goes to `onRefused` and is not
 * thrown; anything else (auth, rate limit, 5xx) is, so the job is tried again.
 */
export async function unlessRefused(run: () => Promise<unknown>, onRefused: (error: PermanentError) => void): Promise<void> {
  try {
    await run();
  } catch (error) {
    const e = toStageError(error);
    if (!(e instanceof PermanentError)) throw e;
    onRefused(e);
  }
}
