import type { CrmRecordRef, CrmRecordStore } from '../ports.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';

/** The CRM record ledger (migration 7): one row per lead, account and object. */
export function createSqliteCrmRecords(db: Db, workspaceId: string, batch: WriteBatch): CrmRecordStore {
  const q = {
    byLead: db.prepare('SELECT object_type, record_id FROM crm_records WHERE workspace_id = ? AND lead_id = ? AND account = ?'),
    save: db.prepare(`
      INSERT INTO crm_records (workspace_id, lead_id, account, object_type, record_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, lead_id, account, object_type) DO UPDATE SET record_id = excluded.record_id, updated_at = excluded.updated_at`),
    showOnLead: db.prepare("UPDATE leads SET state = json_set(state, '$.crmIds.' || json_quote(?), ?) WHERE workspace_id = ? AND id = ?"),
  };
  return {
    async crmRecords(account, leadIds) {
      const out = new Map<string, Record<string, string>>();
      for (const leadId of leadIds) {
        const rows = q.byLead.all(workspaceId, leadId, account) as Array<{ object_type: string; record_id: string }>;
        out.set(leadId, Object.fromEntries(rows.map((r) => [r.object_type, r.record_id])));
      }
      return out;
    },
    saveCrmRecords(account, records: CrmRecordRef[]) {
      if (records.length === 0) return Promise.resolve();
      return batch.run((now) => {
        for (const r of records) {
          q.save.run(workspaceId, r.leadId, account, r.objectType, r.recordId, now, now);
          if (r.objectType === 'person') q.showOnLead.run(account, r.recordId, workspaceId, r.leadId);
        }
      });
    },
  };
}
