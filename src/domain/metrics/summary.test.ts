import { describe, expect, it } from 'vitest';
import { percentile, summarize, type SubmissionRow } from './summary.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const row = (over: Partial<SubmissionRow>): SubmissionRow => ({
  leadId: 'ld_x', sourceId: 'web', campaign: null, segment: 'warm', status: 'completed', createdAt: T0, mergedInto: null,
  slaDueAt: null, firstContactAt: null, meetingAt: null, lastStage: 'follow-up', lastEventAt: T0, ...over,
});

describe('summarize', () => {
  it('speed-to-lead median and p90 over contacted people', () => {
    const rows = [5, 10, 20, 40, 80].map((m, i) => row({ leadId: `l${i}`, firstContactAt: T0 + m * MIN }));
    const s = summarize([...rows, row({ leadId: 'never' })], T0 + 1000 * MIN);
    expect(s.speedToLead).toEqual({ contacted: 5, medianMs: 20 * MIN, p90Ms: 80 * MIN });
  });

  it('duplicate rate per source and campaign; merged submissions are not people', () => {
    const rows = [
      row({ leadId: 'a', sourceId: 'web', campaign: 'spring' }),
      row({ leadId: 'b', sourceId: 'web', campaign: 'spring', mergedInto: 'a', status: 'merged' }),
      row({ leadId: 'c', sourceId: 'chat', campaign: null }),
      row({ leadId: 'd', sourceId: 'web', campaign: 'autumn' }),
    ];
    const s = summarize(rows, T0);
    expect([s.submissions, s.people]).toEqual([4, 3]);
    expect(s.duplicateRate).toEqual({ overall: 0.25, bySource: { web: 0.333, chat: 0 }, byCampaign: { spring: 0.5, '(none)': 0, autumn: 0 } });
  });

  it('SLA met % counts met and breached, not the still open', () => {
    const due = T0 + 60 * MIN;
    const rows = [
      row({ leadId: 'met', slaDueAt: due, firstContactAt: T0 + 30 * MIN }),
      row({ leadId: 'late', slaDueAt: due, firstContactAt: T0 + 90 * MIN }),
      row({ leadId: 'missed', slaDueAt: due }),
      row({ leadId: 'open', slaDueAt: T0 + 500 * MIN }),
    ];
    expect(summarize(rows, T0 + 120 * MIN).sla).toEqual({ met: 1, breached: 2, open: 1, metPercent: 33.333 });
  });

  it('drop-off: unfinished submissions idle past the threshold, by the last stage reached', () => {
    const rows = [
      row({ leadId: 'stuck', status: 'processing', lastStage: 'route', lastEventAt: T0 }),
      row({ leadId: 'fresh', status: 'processing', lastStage: 'route', lastEventAt: T0 + 10 * MIN }),
      row({ leadId: 'new', status: 'received', lastStage: null, lastEventAt: T0 }),
      row({ leadId: 'done', status: 'completed', lastEventAt: T0 }),
    ];
    expect(summarize(rows, T0 + 20 * MIN).dropOff).toEqual({ route: 1, received: 1 });
  });

  it('lead-to-meeting rate and segments', () => {
    const rows = [row({ leadId: 'a', meetingAt: T0, segment: 'hot' }), row({ leadId: 'b', segment: 'hot' }), row({ leadId: 'c', segment: null })];
    const s = summarize(rows, T0);
    expect(s.leadToMeetingRate).toBe(0.333);
    expect(s.perSegment).toEqual({ hot: 2, unscored: 1 });
    expect(percentile([], 50)).toBeNull();
  });
});
