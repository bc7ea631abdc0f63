import { expect } from 'vitest';
import { createHubspotSandbox } from '../src/connectors/hubspot/sandbox.js';
import { createPipedriveSandbox } from '../src/connectors/pipedrive/sandbox.js';
import { sandboxPath } from '../src/connectors/registry.js';
import { createSalesforceSandbox } from '../src/connectors/salesforce/sandbox.js';
import { createZohoHttp } from '../src/connectors/zoho/client.js';
import { ZOHO_SANDBOX_CLIENT, type ZohoAccount } from '../src/connectors/zoho/config.js';
import { createZohoConnector } from '../src/connectors/zoho/connector.js';
import { zohoModule } from '../src/connectors/zoho/module.js';
import { createZohoSandbox } from '../src/connectors/zoho/sandbox.js';
import { createLogger } from '../src/observability/logger.js';
import { countBy, type ChaosCrm } from './crm-chaos.case.js';

/**
 * The four CRMs as the chaos driver sees them: 30 % of requests faulted (5xx, throttling in the
 * vendor's own form, timeouts, resets; half of the lost answers after the write), search lag where
 * search is laggy, and each vendor's credential trouble — HubSpot's token revoked; Salesforce and
 * Zoho with access tokens that expire every few seconds (and are expired on the server besides)
 * and a refresh token revoked for part of the run.
 */

/** Rate limits far above what the run sends: the chaos is in the faults, not in the limits. */
const FAST = { default: { limit: 5000, intervalMs: 1000 }, search: { limit: 5000, intervalMs: 1000 } };
const BUDGET = 'budget: { requests: 5000, intervalMs: 1000, searchRequests: 5000, searchIntervalMs: 1000 }';
const LOST = { timeoutRate: 0.06, resetRate: 0.06, lostAfterWriteRate: 0.5 };

const linkId = (v: unknown): string | null => {
  const id = (v as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : null;
};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function hubspotChaos(): ChaosCrm {
  const { kit, plugin } = createHubspotSandbox({ limits: FAST });
  const related = (type: string) =>
    countBy(
      kit.all('associations').filter((a) => a.data.fromType === type && a.data.toType === 'contacts'),
      (a) => String(a.data.toId),
    );
  return {
    id: 'hubspot',
    yaml: `{ type: hubspot, mode: batch, batch: { size: 50, flushSeconds: 0.2 }, timeoutMs: 500, concurrency: 4, ${BUDGET} }`,
    kit,
    // A 429 pauses the whole account's budget (the window's interval), as it must; 5xx carry most of the 30 %.
    faults: { statusRates: { '500': 0.08, '502': 0.04, '503': 0.04, '429': 0.02 }, ...LOST, searchLagMs: 300 },
    register: async (app) => {
      await app.register(plugin, { prefix: sandboxPath('hubspot') });
    },
    revoke: () => (kit.tokens = new Set()),
    restore: () => (kit.tokens = new Set(['sandbox-token'])),
    landed: () => ({
      persons: kit.all('contacts').map((c) => ({ id: c.id, email: String(c.data.email) })),
      notes: related('notes'),
      tasks: related('tasks'),
      totals: { notes: kit.all('notes').length, tasks: kit.all('tasks').length },
    }),
  };
}

export function pipedriveChaos(): ChaosCrm {
  const { kit, plugin } = createPipedriveSandbox({ limits: FAST, plan: 'ultimate', seats: 100 });
  return {
    id: 'pipedrive',
    yaml: `{ type: pipedrive, plan: ultimate, seats: 100, mode: realtime, timeoutMs: 500, concurrency: 8, ${BUDGET} }`,
    kit,
    // A 429 waits out the whole seconds of x-ratelimit-reset: fewer of them keep the run short.
    faults: { statusRates: { '500': 0.08, '502': 0.04, '503': 0.05, '429': 0.01 }, ...LOST, searchLagMs: 300 },
    register: async (app) => {
      await app.register(plugin, { prefix: sandboxPath('pipedrive') });
    },
    landed: () => {
      const persons = kit.all('person').filter((r) => r.data.is_deleted !== true);
      return {
        persons: persons.flatMap((p) => (p.data.emails as Array<{ value: string; primary: boolean }>).filter((e) => e.primary).map((e) => ({ id: p.id, email: e.value }))),
        notes: countBy(kit.all('note'), (r) => String(r.data.person_id)),
        tasks: countBy(kit.all('activity'), (r) => String(r.data.person_id)),
        totals: { notes: kit.all('note').length, tasks: kit.all('activity').length },
      };
    },
  };
}

/** Salesforce sessions live this long; the sandbox also expires every session this often. */
const SF_SESSION_MS = 3_000;
const SF_FORCED_EXPIRY_MS = 5_000;

export function salesforceChaos(): ChaosCrm {
  const { kit, plugin, expireTokens } = createSalesforceSandbox({ limits: FAST, tokenLifetimeMs: SF_SESSION_MS, dailyApiRequests: 10_000_000 });
  let forcedExpiries = 0;
  return {
    id: 'salesforce',
    yaml: `{ type: salesforce, mode: realtime, timeoutMs: 500, concurrency: 8, ${BUDGET} }`,
    kit,
    // Throttling is 403 REQUEST_LIMIT_EXCEEDED (a concurrency limit: the account waits 2 s).
    faults: { statusRates: { '500': 0.09, '502': 0.04, '503': 0.04, '403': 0.01 }, ...LOST },
    register: async (app) => {
      await app.register(plugin, { prefix: sandboxPath('salesforce') });
    },
    revoke: () => (kit.tokens = new Set()),
    restore: () => (kit.tokens = new Set(['sandbox-refresh'])),
    pressure() {
      const timer = setInterval(() => {
        forcedExpiries += 1;
        expireTokens();
      }, SF_FORCED_EXPIRY_MS);
      return () => clearInterval(timer);
    },
    landed: () => {
      const leads = kit.all('Lead');
      return {
        persons: leads.map((l) => ({ id: l.id, email: String(l.data.Email) })),
        notes: countBy(kit.all('Note'), (n) => str(n.data.ParentId)),
        tasks: countBy(kit.all('Task'), (t) => str(t.data.WhoId)),
        totals: { notes: kit.all('Note').length, tasks: kit.all('Task').length },
      };
    },
    report: () => ({ forcedExpiries, sessions: Object.entries(kit.counters.byRoute).filter(([route]) => route.endsWith('/services/oauth2/token')).reduce((n, [, count]) => n + count, 0), invalidSession: kit.counters.byStatus['401'] ?? 0 }),
    check(report) {
      // The refresh path ran, and concurrent 401s shared their refresh: far fewer sessions than 401s.
      expect(report.invalidSession as number).toBeGreaterThan(0);
      expect(report.sessions as number).toBeGreaterThan(0);
      expect(report.sessions as number).toBeLessThan(report.invalidSession as number);
    },
  };
}

/**
 * Zoho's refresh limit (10 per 10 minutes per refresh token) on a clock 60 times faster: 10 per
 * 10 s, on both sides — the accounts server refuses the 11th, and the client's token budget is
 * sized the same. Access tokens live 4 s (the client refreshes shortly before), and the sandbox
 * also expires every token every 5 s, so calls meet INVALID_TOKEN.
 */
const ZOHO_REFRESH = { limit: 10, intervalMs: 10_000 };
const ZOHO_TOKEN_SEC = 4;
const ZOHO_FORCED_EXPIRY_MS = 5_000;

export function zohoChaos(): ChaosCrm {
  const { kit, plugin, accountsPlugin } = createZohoSandbox({ limits: FAST, tokenLifetimeSec: ZOHO_TOKEN_SEC, refreshLimit: ZOHO_REFRESH });
  const token = { granted: 0, refused: 0, invalid: 0 };
  let address = '';
  let forcedExpiries = 0;
  return {
    id: 'zoho',
    yaml: `{ type: zoho, mode: batch, batch: { size: 50, flushSeconds: 0.2 }, timeoutMs: 500, concurrency: 4, ${BUDGET} }`,
    kit,
    faults: { statusRates: { '500': 0.09, '502': 0.04, '503': 0.04, '429': 0.01 }, ...LOST, searchLagMs: 300 },
    async register(app) {
      await app.register(plugin, { prefix: sandboxPath('zoho') });
      await app.register(
        async (scope) => {
          // The accounts server's answers, counted: granted, refused for the rate limit, refused credential.
          scope.addHook('onSend', async (_request, _reply, payload) => {
            const body = typeof payload === 'string' ? (JSON.parse(payload) as { access_token?: string; error?: string }) : {};
            if (body.access_token) token.granted += 1;
            else if (body.error === 'Access Denied') token.refused += 1;
            else token.invalid += 1;
            return payload;
          });
          await scope.register(accountsPlugin);
        },
        { prefix: `${sandboxPath('zoho')}-accounts` },
      );
    },
    account(config, sandboxes) {
      address = sandboxes;
      const base = `${address}${sandboxPath('zoho')}`;
      const resolved: ZohoAccount = { ...(config.crm.accounts.zoho as ZohoAccount), baseUrl: base, accountsUrl: `${base}-accounts`, ...ZOHO_SANDBOX_CLIENT };
      const http = createZohoHttp({ account: 'zoho', config: resolved, clock: Date.now, refreshLimit: ZOHO_REFRESH });
      const connector = createZohoConnector({ account: 'zoho', config: resolved, http, logger: createLogger('silent'), clock: Date.now });
      return { id: 'zoho', kind: 'zoho', config: resolved, connector, mapping: resolved.mapping ?? zohoModule.defaultMapping, sandbox: true };
    },
    revoke: () => (kit.tokens = new Set()),
    restore: () => (kit.tokens = new Set([ZOHO_SANDBOX_CLIENT.refreshToken])),
    pressure() {
      const timer = setInterval(() => {
        forcedExpiries += 1;
        void fetch(`${address}${sandboxPath('zoho')}/_sandbox/expire-tokens`, { method: 'POST' });
      }, ZOHO_FORCED_EXPIRY_MS);
      return () => clearInterval(timer);
    },
    landed: () => ({
      persons: kit.all('Leads').map((l) => ({ id: l.id, email: String(l.data.Email) })),
      notes: countBy(kit.all('Notes'), (n) => linkId(n.data.Parent_Id)),
      tasks: countBy(kit.all('Tasks'), (t) => linkId(t.data.What_Id)),
      totals: { notes: kit.all('Notes').length, tasks: kit.all('Tasks').length },
    }),
    report: () => ({ forcedExpiries, tokens: { ...token }, invalidToken: kit.counters.byStatus['401'] ?? 0 }),
    check(report) {
      const t = report.tokens as typeof token;
      // INVALID_TOKEN drove refreshes, and the client never asked the accounts server past its limit.
      expect(report.invalidToken as number).toBeGreaterThan(0);
      expect(t.granted).toBeGreaterThan(2);
      expect(t.refused).toBe(0);
    },
  };
}
