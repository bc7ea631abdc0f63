import type { LeadState } from '../../domain/types.js';
import type { Db } from './database.js';

/** The part of a lead's state that identity matching reads (`lead_profiles`, migration 11). */
function profileJson(state: LeadState): string | null {
  const d = state.data as { fields?: Record<string, unknown>; secondaryEmails?: unknown; secondaryPhones?: unknown; channelIds?: unknown };
  if (!d.fields) return null;
  const { email, phone, firstName, lastName, company } = d.fields;
  return JSON.stringify({ fields: { email, phone, firstName, lastName, company }, secondaryEmails: d.secondaryEmails, secondaryPhones: d.secondaryPhones, channelIds: d.channelIds });
}

/**
 * Stores a lead's identity profile: written only when it changed and only while the lead stands on
 * its own (a lead merged into another, even by another process meanwhile, is no candidate). The
 * identity ledger writes it with the keys that lead others to it; a checkpoint, when it changed.
 */
export function createProfileWriter(db: Db, workspaceId: string): (leadId: string, state: LeadState) => void {
  const save = db.prepare(`
    INSERT INTO lead_profiles (workspace_id, lead_id, created_at, profile)
    SELECT workspace_id, id, created_at, ? FROM leads WHERE workspace_id = ? AND id = ? AND merged_into IS NULL
    ON CONFLICT (workspace_id, lead_id) DO UPDATE SET profile = excluded.profile WHERE profile <> excluded.profile`);
  return (leadId, state) => {
    const profile = profileJson(state);
    if (profile !== null) save.run(profile, workspaceId, leadId);
  };
}
