import { runConnectorContract } from './contract.case.js';
import { startZoho } from './zoho-setup.js';

runConnectorContract('zoho', () => startZoho());
