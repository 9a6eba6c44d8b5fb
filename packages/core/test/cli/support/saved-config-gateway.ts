import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A front for the local gateway that resolves saved config ids, as the hosted Portkey does. */
export interface SavedConfigGateway {
  /** `http://127.0.0.1:PORT/v1`, an OpenAI `baseURL`. */
  baseURL: string;
  close(): Promise<void>;
}

/**
 * The open-source gateway takes only inline JSON configs (`x-portkey-config: pc-…` is a 400), while
 * apps on the hosted Portkey send the id of a saved config. This proxy stands in for that: it swaps
 * a known id for its JSON and passes everything else, streams included, to the real gateway. The
 * app, its instrumentation and the response headers all see what they would see with hosted Portkey.
 */
export async function startSavedConfigGateway(
  gatewayURL: string,
  savedConfigs: Readonly<Record<string, unknown>>,
): Promise<SavedConfigGateway> {
  const target = new URL(gatewayURL);
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers };
    const id = headers['x-portkey-config'];
    if (typeof id === 'string' && id in savedConfigs)
      headers['x-portkey-config'] = JSON.stringify(savedConfigs[id]);
    headers.host = target.host;
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
