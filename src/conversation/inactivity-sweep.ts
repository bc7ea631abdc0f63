import type { ConversationStore } from '../storage/ports.js';
import type { ConversationService } from './service.js';

/** Conversations ended per sweep at most; the next sweep takes the rest. */
const SWEEP_BATCH = 200;

export interface InactivitySweep {
  /** Ends every conversation idle longer than the timeout; returns how many it ended. */
  sweep(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Ends conversations nobody wrote to for `inactivityTimeoutMinutes`, in the worker process. The
 * state it reads is the database's (`status = open`, `active_at`), so a restart loses nothing: the
 * first sweep after it ends whatever went idle meanwhile. Each end is guarded by the time it read
 * (`idleSince`): a message that arrived in between keeps the conversation open.
 */
export function createInactivitySweep(deps: {
  store: Pick<ConversationStore, 'idleConversations'>;
  service: Pick<ConversationService, 'end'>;
  timeoutMinutes: number;
  everyMs: number;
  clock: { now(): number };
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Called after a sweep ended conversations (the in-process worker wakes up). */
  onEnded?: () => void;
}): InactivitySweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweep(): Promise<number> {
    const cutoff = deps.clock.now() - deps.timeoutMinutes * 60_000;
    let ended = 0;
    for (const idle of await deps.store.idleConversations(cutoff, SWEEP_BATCH)) {
      const result = await deps.service.end(idle.sourceId, idle.id, 'inactivity', { idleSince: cutoff });
      if (result.outcome === 'stored') {
        ended++;
        deps.log.info({ conversationId: idle.id, leadId: result.conversation.leadId }, 'conversation ended by inactivity');
      }
    }
    if (ended > 0) deps.onEnded?.();
    return ended;
  }

  const tick = () => {
    if (running) return;
    running = sweep()
      .catch((error) => (deps.log.error({ err: { name: (error as Error).name } }, 'inactivity sweep failed'), 0))
      .finally(() => (running = undefined));
  };

  return {
    sweep,
    start() {
      timer = setInterval(tick, deps.everyMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
