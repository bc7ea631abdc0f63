import { newId } from '../../lib/ids.js';
import type { Outbox, OutboxMessage } from '../ports.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';

interface OutboxRow {
  id: string;
  message_id: string;
  lead_id: string | null;
  mail_from: string;
  rcpt_to: string;
  subject: string;
  raw: string;
  received_at: number;
}

export function createSqliteOutbox(db: Db, workspaceId: string, batch: WriteBatch): Outbox {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO outbox (workspace_id, id, message_id, lead_id, mail_from, rcpt_to, subject, raw, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    recordMail: (m) =>
      batch.run((now) => {
        insert.run(workspaceId, newId('ob', now), m.messageId, m.leadId, m.from, JSON.stringify(m.to), m.subject, m.raw, now);
      }),
    async listOutbox(filter) {
      const where = ['workspace_id = ?'];
      const args: unknown[] = [workspaceId];
      if (filter.leadId) (where.push('lead_id = ?'), args.push(filter.leadId));
      if (filter.before) (where.push('id < ?'), args.push(filter.before));
      const rows = db.prepare(`SELECT * FROM outbox WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as OutboxRow[];
      return rows.map(
        (r): OutboxMessage => ({
          id: r.id,
          messageId: r.message_id,
          leadId: r.lead_id,
          from: r.mail_from,
          to: JSON.parse(r.rcpt_to) as string[],
          subject: r.subject,
          raw: r.raw,
          receivedAt: r.received_at,
        }),
      );
    },
  };
}
