import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP handling for the consent ledger: store it, truncate it (IPv4 to /24, IPv6 to /48 — enough to
 * show the network a consent came from, not the household), or omit it.
 */
export type IpPolicy = 'store' | 'truncate' | 'omit';

function expandIPv6(ip: string): number[] | null {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? left.length !== 8 : missing < 0) return null;
  return [...left, ...new Array<number>(missing).fill(0), ...right];
}

export function truncateIp(ip: string): string | null {
  const text = ip.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  const v4 = mapped ? (mapped[1] ?? '') : text;
  if (isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0`;
  if (!isIPv6(text) || text.includes('.')) return null;
  const groups = expandIPv6(text.replace(/%.*$/, ''));
  if (!groups) return null;
  return `${groups.slice(0, 3).map((g) => g.toString(16)).join(':')}::`;
}

export function applyIpPolicy(ip: string | null | undefined, policy: IpPolicy): string | null {
  if (!ip || policy === 'omit') return null;
  if (policy === 'store') return ip.trim();
  return truncateIp(ip);
}
