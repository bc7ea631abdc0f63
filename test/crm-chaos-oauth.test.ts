import { CHAOS_LEADS, crmChaos } from './crm-chaos.case.js';
import { salesforceChaos, zohoChaos } from './crm-chaos.crms.js';

/**
 * CRM chaos for the OAuth CRMs: Salesforce (realtime) and Zoho (batch), 30 % of requests faulted,
 * access tokens expiring every few seconds (and expired on the server besides), and each refresh
 * token revoked for part of the run. 200 leads in the suite; `CHAOS_LEADS=1000` for the full run
 * (docs/benchmarks.md).
 */
crmChaos('CRM chaos: Salesforce and Zoho', () => [salesforceChaos(), zohoChaos()], { leads: CHAOS_LEADS(200) });
