import { pino, type Logger } from 'pino';
import { SECRET_FIELDS } from '../config/secret.js';

/**
 * Logs carry ids (leadId, eventId, jobId, sourceId), never emails, phones or message text. The code
 * only ever logs ids; the redaction list is the second line of defence should a field slip in.
 */
export const REDACTED_PATHS = [
  'email', 'phone', 'message', 'text', 'name', 'firstName', 'lastName', 'input', 'body',
  '*.email', '*.phone', '*.message', '*.text', '*.name', '*.firstName', '*.lastName', '*.input', '*.body',
  'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie',
  // Credentials (config fields made with `secret()`), should a config object or a token answer slip in.
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { pid: process.pid } }, destination as pino.DestinationStream | undefined);
}
