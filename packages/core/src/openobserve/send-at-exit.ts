import { spawnSync } from 'node:child_process';
import type { TransportResult } from './http-transport.js';

/**
 * The child's whole program: posts each body in turn with Node's own http/https, writes one JSON line
 * per answer (a `TransportResult`), and stops at the first network error. Its input (URL, headers,
 * bodies) comes on stdin, so no credential is in its arguments or environment.
 */
const SENDER = `
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
const { url, headers, bodies, timeoutMs } = JSON.parse(readFileSync(0, 'utf8'));
const target = new URL(url);
const client = target.protocol === 'https:' ? https : http;
const post = (payload) =>
  new Promise((resolve) => {
    const request = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(payload.length) },
      timeout: timeoutMs,
    });
    request.on('timeout', () => {
      resolve({ type: 'error', code: 'TIMEOUT', message: 'no answer within ' + timeoutMs + ' ms' });
      request.destroy();
    });
    request.on('error', (error) => resolve({ type: 'error', code: error.code ?? 'ERROR', message: error.message }));
    request.on('response', (response) => {
      const kept = [];
      response.on('data', (chunk) => kept.push(chunk));
      response.on('end', () =>
        resolve({
          type: 'answer',
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          retryAfter: [response.headers['retry-after']].flat()[0],
          body: Buffer.concat(kept).subarray(0, 65536).toString('utf8'),
        }),
      );
    });
    request.end(payload);
  });
for (const body of bodies) {
  const result = await post(Buffer.from(body, 'base64'));
  process.stdout.write(JSON.stringify(result) + '\\n');
  if (result.type === 'error') break;
}
`;

/** One synchronous send at exit: the requests to make and how long the process may wait for them. */
export interface ExitSend {
  url: string;
  /** Every header of the request but `Content-Length`, credentials included. */
  headers: Record<string, string>;
  /** The encoded (and compressed, when so configured) request bodies, sent in this order. */
  bodies: Uint8Array[];
  /** The whole send's deadline: the process waits no longer. */
  timeoutMs: number;
}

/**
 * Sends OTLP requests while the process is exiting, when no more async work can run (an `exit`
 * listener, after `process.exit()` or an uncaught error): a short-lived Node child posts them and the
 * exiting process waits for it, at most `timeoutMs`. Returns one result per body it got an answer (or
 * an error) for, in order; bodies after a network error, or past the deadline, have none. Never throws.
 *
 * @example
 * ```ts
 * process.once('exit', () => {
 *   const [result] = sendAtExit({ url, headers, bodies: [body], timeoutMs: 2000 });
 *   if (result?.type !== 'answer') console.warn('not sent');
 * });
 * ```
 */
export function sendAtExit(send: ExitSend): TransportResult[] {
  const input = JSON.stringify({
    url: send.url,
    headers: send.headers,
    bodies: send.bodies.map((body) => Buffer.from(body).toString('base64')),
    timeoutMs: send.timeoutMs,
  });
  // NODE_OPTIONS may `--require` the app's own instrumentation: the child must load nothing but itself.
  const { NODE_OPTIONS: _appOptions, ...env } = process.env;
  try {
    const child = spawnSync(process.execPath, ['--input-type=module', '--eval', SENDER], {
      input,
      env,
      timeout: send.timeoutMs,
      encoding: 'utf8',
      windowsHide: true,
    });
    return readResults(String(child.stdout ?? ''));
  } catch {
    return [];
  }
}

/** The child's complete lines; a line cut off by the deadline, and all after it, count as unanswered. */
function readResults(output: string): TransportResult[] {
  const results: TransportResult[] = [];
  for (const line of output.split('\n')) {
    if (line === '') break;
    try {
      results.push(JSON.parse(line) as TransportResult);
    } catch {
      break;
    }
  }
  return results;
}
