import type { OpenObserveDouble } from '../openobserve-double/start-openobserve.js';

/**
 * Every byte a double started with `recordBodies: true` received (spans and metrics), as text: each request's path,
 * headers other than `authorization` (which must carry the credential) and decoded body. For secret
 * scans of what was exported.
 *
 * @example
 * ```ts
 * const openobserve = await startOpenObserve({ recordBodies: true });
 * // ... export ...
 * expectNoSecrets({ exported: ingestedText(openobserve) }, [openobserve.authToken]);
 * ```
 */
export function ingestedText(double: OpenObserveDouble): string {
  return [...double.requests, ...double.metricRequests]
    .map((request, index) => {
      if (request.body === undefined && request.method === 'POST') {
        throw new Error('ingestedText: start the double with { recordBodies: true } to keep request bodies');
      }
      const headers = Object.entries(request.headers)
        .filter(([name]) => name !== 'authorization')
        .map(([name, value]) => `${name}: ${value}`)
        .join('\n');
      return `#${index} ${request.method} ${request.path}\n${headers}\n\n${request.body?.toString('utf8') ?? ''}`;
    })
    .join('\n\n');
}
