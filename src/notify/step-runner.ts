import type { StepRunner } from '../pipeline/worker.js';

/**
 * The worker's one `steps` port over several kinds of timed step: a payload with a `kind` named
 * here goes to that runner, everything else (the follow-up plan's steps) to `fallback`.
 */
export function dispatchSteps(byKind: Readonly<Record<string, StepRunner>>, fallback: StepRunner): StepRunner {
  return {
    run(context) {
      const kind = (context.job.payload as { kind?: unknown } | null)?.kind;
      const runner = typeof kind === 'string' && Object.hasOwn(byKind, kind) ? byKind[kind]! : fallback;
      return runner.run(context);
    },
  };
}
