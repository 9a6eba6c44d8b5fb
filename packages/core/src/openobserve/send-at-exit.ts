import { spawnSync } from 'node:child_process';
import type { TransportResult } from './http-transport.js';

/**
 * The child's whole program: posts each body in turn with Node's own http/https (an agent of its own,
 * as the regular export has, so no proxy or global agent of the environment steps in), writes one
 * JSON line per answer (a `TransportResult`, the body cut to what names a failure), and stops at the
 * first answer or error that is not a success. Each request gets what is left of the deadline. Its
 * input (URL, headers, bodies) comes on stdin, so no credential is in its arguments or environment.
 */
const SENDER = `
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
const { url, headers, bodies, deadline } = JSON.parse(readFileSync(0, 'utf8'));
const target = new URL(url);
const client = target.protocol === 'https:' ? https : http;
const agent = new client.Agent({ keepAlive: true, maxSockets: 1 });
const post = (payload) =>
  new Promise((resolve) => {
    const left = Math.max(1, deadline - Date.now());
    const request = client.request(target, {
      method: 'POST',
      agent,
      headers: { ...headers, 'Content-Length': String(payload.length) },
    });
    const timer = setTimeout(() => {
      resolve({ type: 'error', code: 'TIMEOUT', message: 'no answer within ' + left + ' ms, as the process exited' });
      request.destroy();
    }, left);
    request.on('error', (error) => {
      clearTimeout(timer);
      resolve({ type: 'error', code: error.code ?? 'ERROR', message: error.message });
    });
    request.on('response', (response) => {
      const kept = [];
      let size = 0;
      response.on('data', (chunk) => {
        if (size < 4096) kept.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          type: 'answer',
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          retryAfter: [response.headers['retry-after']].flat()[0],
          body: Buffer.concat(kept).subarray(0, 4096).toString('utf8'),
        });
      });
    });
    request.end(payload);
  });
for (const body of bodies) {
  const result = await post(Buffer.from(body, 'base64'));
  process.stdout.write(JSON.stringify(result) + '\\n');
  if (result.type === 'error' || result.status < 200 || result.status > 299) break;
}
process.exit(0);
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

/** The child gets this much less than the deadline, so it can say which request timed out. */
const CHILD_MARGIN_MS = 250;

/**
 * Flags of the app's `NODE_OPTIONS` the child keeps: how to trust certificates and resolve names, as
 * the regular export does. Nothing that loads code (`--require`, `--import`, loaders) or debugs.
 */
const KEPT_NODE_OPTIONS =
  /^--(use-openssl-ca|use-system-ca|use-bundled-ca|openssl-config|openssl-legacy-provider|openssl-shared-config|tls-[a-z0-9-]+|dns-result-order)(=|$)/;

/** Environment variables of the app the child does not get: they would load, cover or debug code. */
const DROPPED_ENV = [
  'NODE_OPTIONS',
  'NODE_V8_COVERAGE',
  'NODE_DEBUG',
  'NODE_DEBUG_NATIVE',
  'NODE_REDIRECT_WARNINGS',
];

/**
 * Sends OTLP requests while the process is exiting, when no more async work can run (an `exit`
 * listener, after `process.exit()` or an uncaught error): a short-lived Node child posts them and the
 * exiting process waits for it, at most `timeoutMs`. Returns one result per body it got an answer (or
 * an error) for, in order; bodies after a failure, or past the deadline, have none. Only where
 * `process.execPath` is Node itself (not Electron, Bun, Deno or a single-executable app, where it would
 * start the app again): elsewhere it returns no result. Never throws.
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
  if (!execPathIsNode()) return [];
  try {
    const input = JSON.stringify({
      url: send.url,
      headers: send.headers,
      bodies: send.bodies.map((body) => Buffer.from(body).toString('base64')),
      deadline: Date.now() + Math.max(1, send.timeoutMs - CHILD_MARGIN_MS),
    });
    const child = spawnSync(
      process.execPath,
      [...keptNodeOptions(), '--input-type=module', '--eval', SENDER],
      {
        input,
        env: childEnv(),
        timeout: send.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'ignore'],
        windowsHide: true,
      },
    );
    return readResults(String(child.stdout ?? ''));
  } catch {
    return [];
  }
}

function execPathIsNode(): boolean {
  const versions = process.versions as Record<string, string | undefined>;
  if (versions.electron || versions.bun || versions.deno) return false;
  const getBuiltinModule = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const sea = getBuiltinModule?.('node:sea') as { isSea?: () => boolean } | undefined;
  return sea?.isSea?.() !== true;
}

function keptNodeOptions(): string[] {
  return (process.env.NODE_OPTIONS ?? '').split(/\s+/).filter((flag) => KEPT_NODE_OPTIONS.test(flag));
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  return env;
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
