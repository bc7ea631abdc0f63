import {
  buildModelRequest,
  completeAnalysis,
  extractFacts,
  mergeModelExtraction,
  type ConversationAnalysis,
  type ConversationConfig,
  type ConversationModelPort,
  type Transcript,
} from '../domain/conversation/index.js';

/** How one model call ended: merged, answered but invalid, too slow, or failed. */
export type ModelOutcome = 'ok' | 'invalid' | 'timeout' | 'error';

export interface ModelUse {
  port: ConversationModelPort;
  timeoutMs: number;
  /** Counts each call's outcome (the `leadwire_conversation_model_calls_total` counter). */
  count(outcome: ModelOutcome): void;
}

/**
 * The rules' analysis, improved by the language model when one is configured. The model can only
 * add to the rules or, with `model.precedence: model`, override them (domain merge); an invalid
 * answer, a timeout or an error leaves the rules' analysis as it is.
 */
export async function analyzeWithModel(transcript: Transcript, config: ConversationConfig, model: ModelUse | undefined): Promise<ConversationAnalysis> {
  const facts = extractFacts(transcript, config);
  if (!model || transcript.messages.length === 0) return completeAnalysis(facts, transcript, config);
  const signal = AbortSignal.timeout(model.timeoutMs);
  try {
    const raw = await model.port.extract(buildModelRequest(transcript, facts.language, config), signal);
    const merged = mergeModelExtraction(facts, raw, transcript, config);
    model.count(merged.valid ? 'ok' : 'invalid');
    return merged.analysis;
  } catch (error) {
    model.count(signal.aborted ? 'timeout' : (error as { kind?: string }).kind === 'malformed' ? 'invalid' : 'error');
    return completeAnalysis(facts, transcript, config);
  }
}
