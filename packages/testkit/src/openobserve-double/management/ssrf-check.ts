import { isIP } from 'node:net';

const BLOCKED_HOSTS = new Set(['localhost', 'metadata', 'metadata.google.internal']);

function privateIpv4(address: string): boolean {
  const [a = 0, b = 0] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224
  );
}

function privateIpv6(address: string): boolean {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (mapped) return privateIpv4(mapped);
  return (
    lower === '::1' ||
    lower === '::' ||
    lower.startsWith('fe8') ||
    lower.startsWith('fe9') ||
    lower.startsWith('fea') ||
    lower.startsWith('feb') ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    lower.startsWith('2001:db8')
  );
}

/**
 * Why OpenObserve's SSRF guard (src/config/src/utils/ssrf_guard.rs) would refuse a webhook URL, or
 * `undefined` when it passes: only http(s), no loopback, private, link-local or cloud metadata
 * address. The server also resolves host names and checks the addresses; the double, offline, checks
 * names and literal addresses only.
 *
 * @example
 * ```ts
 * ssrfProblem('https://hooks.example.com/x'); // undefined
 * ssrfProblem('http://127.0.0.1:9/x'); // 'address 127.0.0.1 is not allowed'
 * ```
 */
export function ssrfProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `invalid URL ${url}`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `scheme ${parsed.protocol} is not allowed`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (BLOCKED_HOSTS.has(host.toLowerCase())) return `host ${host} is not allowed`;
  const family = isIP(host);
  if ((family === 4 && privateIpv4(host)) || (family === 6 && privateIpv6(host)))
    return `address ${host} is not allowed`;
  return undefined;
}
