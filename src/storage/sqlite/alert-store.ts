import { idLowerBound, newId } from '../../lib/ids.js';
import type { AlertRecord, AlertStore } from '../ports.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';

interface AlertRow {
  id: string;
  key: string;
  rule: string;
  severity: string;
  status: 'firing' | 'resolved';
  message: string;
  detail: string;
  fired_at: number;
  last_seen_at: number;
  resolved_at: number | null;
}

const toAlert = (r: AlertRow): AlertRecord => ({
  id: r.id, key: r.key, rule: r.rule, severity: r.severity, status: r.status, message: r.message,
  detail: JSON.parse(r.detail) as Record<string, unknown>, firedAt: r.fired_at, lastSeenAt: r.last_seen_at, resolvedAt: r.resolved_at,
});

const DAY = 24 * 3600_000;

export function createSqliteAlertStore(db: Db, workspaceId: string, batch: WriteBatch): AlertStore {
  const q = {
    volume: db.prepare(`
      SELECT source_id, SUM(created_at >= :cut) AS current, SUM(created_at < :cut) AS previous
      FROM leads WHERE workspace_id = :ws AND id >= :fromId AND id < :nowId GROUP BY source_id`),
    firing: db.prepare("SELECT * FROM alerts WHERE workspace_id = ? AND status = 'firing'"),
    fire: db.prepare("INSERT INTO alerts (workspace_id, id, key, rule, severity, status, message, detail, fired_at, last_seen_at) VALUES (?, ?, ?, ?, ?, 'firing', ?, ?, ?, ?)"),
    hold: db.prepare("UPDATE alerts SET message = ?, detail = ?, last_seen_at = ? WHERE workspace_id = ? AND key = ? AND status = 'firing'"),
    resolve: db.prepare("UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE workspace_id = ? AND key = ? AND status = 'firing' RETURNING *"),
    get: db.prepare('SELECT * FROM alerts WHERE workspace_id = ? AND id = ?'),
  };
  return {
    async leadVolume(now) {
      // Lead ids start with their creation time: the time window is a primary-key range.
      const rows = q.volume.all({ ws: workspaceId, cut: now - DAY, fromId: idLowerBound('ld', now - 2 * DAY), nowId: idLowerBound('ld', now + 1) }) as Array<{ source_id: string; current: number; previous: number }>;
      return Object.fromEntries(rows.map((r) => [r.source_id, { current: r.current, previous: r.previous }]));
    },
    async firingAlerts() {
      return (q.firing.all(workspaceId) as AlertRow[]).map(toAlert);
    },
    applyAlerts: (t, now) =>
      batch.run(() => {
        const changed: AlertRecord[] = [];
        for (const c of t.fire) {
          const id = newId('al', now);
          q.fire.run(workspaceId, id, c.key, c.rule, c.severity, c.message, JSON.stringify(c.detail), now, now);
          changed.push(toAlert(q.get.get(workspaceId, id) as AlertRow));
        }
        for (const c of t.hold) q.hold.run(c.message, JSON.stringify(c.detail), now, workspaceId, c.key);
        for (const key of t.resolve) changed.push(...(q.resolve.all(now, workspaceId, key) as AlertRow[]).map(toAlert));
        return changed;
      }),
    async listAlerts(filter) {
      const where = ['workspace_id = ?'];
      const args: unknown[] = [workspaceId];
      if (filter.status) (where.push('status = ?'), args.push(filter.status));
      if (filter.before) (where.push('id < ?'), args.push(filter.before));
      return (db.prepare(`SELECT * FROM alerts WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as AlertRow[]).map(toAlert);
    },
  };
}
