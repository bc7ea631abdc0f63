import { SMTPServer } from 'smtp-server';
import type { Outbox } from '../storage/ports.js';

/**
 * The embedded mode's mail catcher: a real SMTP server on loopback that accepts every message and
 * files it in the outbox (GET /v1/outbox) instead of delivering it, so a first run never mails
 * anyone. Messages are kept once per Message-ID.
 */
export interface SmtpCapture {
  port: number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startSmtpCapture(outbox: Pick<Outbox, 'recordMail'>, host: string, port: number): Promise<SmtpCapture> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Leadwire capture (nothing is delivered)',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim() ?? null;
        outbox
          .recordMail({
            messageId: header('Message-ID') ?? `<${session.id}@capture>`,
            leadId: header('X-Leadwire-Lead'),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header('Subject') ?? '',
            raw,
          })
          .then(() => callback(), (error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
