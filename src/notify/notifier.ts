import { createTransport, type Transporter } from 'nodemailer';
import { PermanentError, RateLimitedError, RetryableError } from '../pipeline/errors.js';

/**
 * Sending: email over SMTP (nodemailer) and Slack incoming webhooks. Failures come back as the
 * pipeline's typed errors, so a follow-up step retries, backs off and dead-letters like any stage.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** Deterministic per step, so the outbox keeps a retried message once. */
  messageId: string;
  leadId: string;
}

export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

export interface Notifier {
  email(message: EmailMessage): Promise<{ response: string }>;
  /** False when no Slack webhook is configured. */
  slack(message: SlackMessage): Promise<boolean>;
  close(): void;
}

export interface NotifierOptions {
  from: string;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
  slack?: { webhookUrl: string; timeoutMs: number };
}

export function createNotifier(options: NotifierOptions): Notifier {
  const transport: Transporter = createTransport({
    host: options.smtp.host,
    port: options.smtp.port,
    secure: options.smtp.secure,
    auth: options.smtp.user ? { user: options.smtp.user, pass: options.smtp.pass ?? '' } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });

  return {
    async email(m) {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: m.messageId,
          headers: { 'X-Leadwire-Lead': m.leadId },
        });
        return { response: String(info.response ?? '') };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        // 5xx from the server (bad recipient, rejected content): retrying cannot help.
        if (code !== undefined && code >= 500) throw new PermanentError(`SMTP ${code}`, 'CRM_REJECTED', { cause: error });
        throw new RetryableError(`SMTP send failed: ${(error as Error).message}`, 'INTERNAL', { cause: error });
      }
    },
    async slack(message) {
      if (!options.slack) return false;
      let res: Response;
      try {
        res = await fetch(options.slack.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(options.slack.timeoutMs),
        });
      } catch (error) {
        throw new RetryableError('Slack webhook unreachable', 'INTERNAL', { cause: error });
      }
      if (res.status === 429) throw new RateLimitedError('Slack rate limit', 1000 * Number(res.headers.get('retry-after') ?? 1));
      if (res.status >= 500) throw new RetryableError(`Slack ${res.status}`, 'INTERNAL');
      if (!res.ok) throw new PermanentError(`Slack ${res.status}`, 'CRM_REJECTED');
      return true;
    },
    close: () => transport.close(),
  };
}
