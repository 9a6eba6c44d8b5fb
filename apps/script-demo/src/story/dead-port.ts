import { createServer } from 'node:net';

/**
 * A port on 127.0.0.1 that nothing listens on (it was free a moment ago), for a target that is down.
 *
 * @example
 * ```ts
 * const port = await deadPort(); // connecting to 127.0.0.1:port is refused
 * ```
 */
export function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
