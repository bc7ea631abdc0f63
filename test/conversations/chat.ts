import type { App } from '../../src/http/app.js';
import { keyed } from '../helpers.js';

/** Builders and calls shared by the conversation tests. */
export const json = { ...keyed, 'content-type': 'application/json' };

const BASE = Date.parse('2026-03-02T10:00:00Z');
export const at = (minute: number) => new Date(BASE + minute * 60_000).toISOString();

export function msg(id: string, role: 'user' | 'bot' | 'agent', text: string, minute = 0) {
  return { id, role, text, timestamp: at(minute) };
}

/** A high-intent English sales chat; the email arrives in the last message. */
export const SALES_CHAT = [
  msg('u1', 'user', "Hi, I'm Tom Baker, CEO at Nordwind Logistics. We are looking for a lead management tool for our sales team.", 0),
  msg('b1', 'bot', 'Happy to help! What budget do you have in mind?', 1),
  msg('u2', 'user', 'Our budget is around $50k and we want to start within two weeks.', 2),
  msg('u3', 'user', 'How does your pricing compare to HubSpot? Do you integrate with Salesforce? Can we book a demo?', 3),
  msg('b2', 'bot', 'Sure! Where can our team reach you?', 4),
  msg('u4', 'user', 'My email is tom.baker@nordwind-logistics.com', 5),
];

export const CATALOGUE = `
conversations:
  competitors: [{ id: hubspot, name: HubSpot }]
  products: [{ id: lead-api, name: Lead API, synonyms: [lead management tool] }]
`;

export function open(app: App, body: object, headers: Record<string, string> = json) {
  return app.inject({ method: 'POST', url: '/v1/conversations', headers, payload: JSON.stringify(body) });
}

export function send(app: App, id: string, body: object, headers: Record<string, string> = json) {
  return app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers, payload: JSON.stringify(body) });
}

export function end(app: App, id: string, headers: Record<string, string> = keyed) {
  return app.inject({ method: 'POST', url: `/v1/conversations/${id}/end`, headers });
}

export function read(app: App, id: string, headers: Record<string, string> = keyed) {
  return app.inject({ method: 'GET', url: `/v1/conversations/${id}`, headers });
}
