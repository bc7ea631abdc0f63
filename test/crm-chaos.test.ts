import { CHAOS_LEADS, crmChaos } from './crm-chaos.case.js';
import { hubspotChaos, pipedriveChaos } from './crm-chaos.crms.js';

/**
 * CRM chaos for the token CRMs: HubSpot (batch mode, its token revoked for a while) and Pipedrive
 * (realtime), 30 % of requests faulted, search lagging writes. 400 leads in the suite (about a
 * minute on 2 cores); `CHAOS_LEADS=1000` for the full run (docs/benchmarks.md).
 */
crmChaos('CRM chaos: HubSpot and Pipedrive', () => [hubspotChaos(), pipedriveChaos()], { leads: CHAOS_LEADS(400) });
