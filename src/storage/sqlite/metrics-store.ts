import type { MetricsStore } from '../ports.js';
import type { Db } from './database.js';
import { idLowerBound } from '../../lib/ids.js';

/**
 * Submissions of a window with what the metrics need: first contact and first meeting of the
 * person (activity events, on the surviving lead after a merge), the SLA due time of its plan, and
 * the last stage it reached. A scan of the window's leads; run on demand, not per scrape.
 */
export function createSqliteMetricsStore(db: Db, workspaceId: string): MetricsStore {
  const firstActivity = (type: string) => `(SELECT MIN(e.at) FROM lead_events e WHERE e.workspace_id = l.workspace_id
      AND e.lead_id = COALESCE(l.merged_into, l.id) AND e.status = 'activity' AND json_extract(e.detail, '$.type') = '${type}')`;
  const last = (column: string) => `(SELECT e.${column} FROM lead_events e WHERE e.workspace_id = l.workspace_id AND e.lead_id = l.id ORDER BY e.rowid DESC LIMIT 1)`;
  const sql = `
    SELECT l.id, l.source_id, json_extract(l.input, '$.utm.campaign') AS campaign, l.segment, l.status, l.created_at, l.merged_into,
           json_extract(l.state, '$.data.followUp.sla.dueAt') AS sla_due,
           ${firstActivity('contacted')} AS first_contact, ${firstActivity('meeting_booked')} AS meeting,
           ${last('stage')} AS last_stage, ${last('at')} AS last_at
    FROM leads l
    WHERE l.workspace_id = :ws AND l.id >= :fromId AND l.id < :toId
      AND (:source IS NULL OR l.source_id = :source)
      AND (:campaign IS NULL OR json_extract(l.input, '$.utm.campaign') = :campaign)`;
  const query = db.prepare(sql);
  return {
    async summaryRows(filter) {
      // Lead ids start with their creation time: the window is a primary-key range.
      const rows = query.all({ ws: workspaceId, fromId: idLowerBound('ld', filter.from), toId: idLowerBound('ld', filter.to), source: filter.sourceId ?? null, campaign: filter.campaign ?? null }) as Array<{
        id: string; source_id: string; campaign: string | null; segment: string | null; status: string; created_at: number; merged_into: string | null;
        sla_due: number | null; first_contact: number | null; meeting: number | null; last_stage: string | null; last_at: number | null;
      }>;
      return rows.map((r) => ({
        leadId: r.id,
        sourceId: r.source_id,
        campaign: r.campaign,
        segment: r.segment,
        status: r.status,
        createdAt: r.created_at,
        mergedInto: r.merged_into,
        slaDueAt: r.sla_due,
        firstContactAt: r.first_contact,
        meetingAt: r.meeting,
        lastStage: r.last_stage,
        lastEventAt: r.last_at ?? r.created_at,
      }));
    },
  };
}
