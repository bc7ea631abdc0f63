/**
 * Daily-budget token cost of one Pipedrive call, as the vendor's OpenAPI files give it per operation
 * (`x-token-cost`): v2 get 1, list 10, create/update 5, delete 3, search 20 (pipelines and stages
 * list 5); v1 twice that. The connector passes it with every request and the sandbox charges it.
 */

export type RateClass = 'default' | 'search';

const CHEAP_LISTS = new Set(['pipelines', 'stages']);

export function tokenCost(method: string, path: string): number {
  const clean = path.split('?')[0]!.replace(/\/+$/, '');
  const v2 = clean.startsWith('/api/v2/');
  const parts = clean.replace(/^\/(api\/v2|api\/v1|v1)\//, '').split('/');
  const [collection = '', second] = parts;
  let cost: number;
  if (parts.at(-1) === 'search') cost = 20;
  else if (method === 'DELETE') cost = 3;
  else if (method !== 'GET') cost = 5;
  else if (second !== undefined) cost = 1;
  else cost = CHEAP_LISTS.has(collection) ? 5 : 10;
  return v2 ? cost : cost * 2;
}

export function rateClassOf(path: string): RateClass {
  return path.split('?')[0]!.replace(/\/+$/, '').endsWith('/search') ? 'search' : 'default';
}
