import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { CORE_VERSION } from '../version.js';
import type { OpenObserveCompression } from './resolve-openobserve-config.js';
import { sendAtExit } from './send-at-exit.js';

const gzip = promisify(zlib.gzip);
/**
 * zlib's fastest level. On OTLP/JSON LLM spans it takes about half the CPU of the default level 6
 * (about 10 µs less a span with content on, 2 cores, Node 20) for bodies about 1.4 times as large,
 * still a fourteenth of the JSON: the app's CPU is dearer than those bytes.
 */
const GZIP_OPTIONS: zlib.ZlibOptions = { level: zlib.constants.Z_BEST_SPEED };

/** What one export request got back: an HTTP answer, or the network error that prevented one. */
export type TransportResult =
  | {
      type: 'answer';
      status: number;
      statusText: string;
      /** The `Retry-After` header, as sent. */
      retryAfter: string | undefined;
      /** The start of the body (at most {@link MAX_KEPT_BODY_BYTES}), as text. */
      body: string;
    }
  | {
      type: 'error';
      /** `ECONNREFUSED`, `ENOTFOUND`, ...; `TIMEOUT` when no answer came in time, `ABORTED` on shutdown. */
      code: string;
      message: string;
    };

/** Sends one encoded OTLP request. Never rejects. */
export interface ExportTransport {
  send(body: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<TransportResult>;
  /**
   * Sends bodies synchronously, for an `exit` listener (see {@link sendAtExit}): one result per body
   * answered, in order. Optional: without it, what is queued at exit is reported, not sent.
   */
  sendAtExit?(bodies: Uint8Array[], timeoutMs: number): TransportResult[];
  /** Closes pooled connections. */
  shutdown(): void;
}

/** Enough of an answer to read a partial success or an error message; the rest is read and discarded. */
export const MAX_KEPT_BODY_BYTES = 64 * 1024;

/**
 * Posts OTLP/JSON bodies (encoded by `@opentelemetry/otlp-transformer`) with Node's own http/https,
 * gzip-compressed unless `compression` is `none`, on a keep-alive agent of its own. Unlike the OTLP
 * exporter's transport, it reports the HTTP status, the body and `Retry-After` of every answer, so
 * failures can be named and retries scheduled by the caller. The timeout covers the whole request.
 */
export function createHttpTransport(settings: {
  url: string;
  headers: Record<string, string>;
  compression: OpenObserveCompression;
}): ExportTransport {
  const url = new URL(settings.url);
  const client = url.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 2 });
  const userAgent = `portobserve/${CORE_VERSION}`;

  const requestHeaders = (): Record<string, string> => ({
    ...settings.headers,
    'Content-Type': 'application/json',
    'User-Agent': userAgent,
    ...(settings.compression === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
  });

  return {
    async send(body, timeoutMs, signal) {
      const headers = requestHeaders();
      const payload: Uint8Array = settings.compression === 'gzip' ? await gzip(body, GZIP_OPTIONS) : body;
      headers['Content-Length'] = String(payload.byteLength);
      return post(client, url, agent, headers, payload, timeoutMs, signal);
    },
    sendAtExit(bodies, timeoutMs) {
      const compressed =
        settings.compression === 'gzip' ? bodies.map((body) => zlib.gzipSync(body, GZIP_OPTIONS)) : bodies;
      return sendAtExit({ url: settings.url, headers: requestHeaders(), bodies: compressed, timeoutMs });
    },
    shutdown() {
      agent.destroy();
    },
  };
}

function post(
  client: typeof http | typeof https,
  url: URL,
  agent: http.Agent,
  headers: Record<string, string>,
  payload: Uint8Array,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<TransportResult> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: TransportResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    let request: http.ClientRequest;
    try {
      request = client.request(url, { method: 'POST', headers, agent });
    } catch (error) {
      finish(errorResult(error));
      return;
    }
    // First: a request destroyed before it has a listener (already abandoned, below) would throw its
    // "socket hang up" at the app as an uncaught error.
    request.on('error', (error) => finish(errorResult(error)));
    timer = setTimeout(() => {
      finish({ type: 'error', code: 'TIMEOUT', message: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    timer.unref();
    const onAbort = (): void => {
      finish({ type: 'error', code: 'ABORTED', message: 'the export was abandoned at shutdown' });
      request.destroy();
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('response', (response) => {
      const kept: Buffer[] = [];
      let keptBytes = 0;
      response.on('data', (chunk: Buffer) => {
        if (keptBytes >= MAX_KEPT_BODY_BYTES) return;
        kept.push(chunk);
        keptBytes += chunk.length;
      });
      const answer = (): TransportResult => ({
        type: 'answer',
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        retryAfter: headerText(response.headers['retry-after']),
        body: Buffer.concat(kept).subarray(0, MAX_KEPT_BODY_BYTES).toString('utf8'),
      });
      response.on('end', () => finish(answer()));
      // The status line came: a body cut short still tells what the backend said.
      response.on('error', () => finish(answer()));
      response.on('aborted', () => finish(answer()));
    });
    request.end(payload);
  });
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function errorResult(error: unknown): TransportResult {
  const record = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code =
    typeof record?.code === 'string'
      ? record.code
      : typeof record?.cause?.code === 'string'
        ? record.cause.code
        : 'ERROR';
  const message = typeof record?.message === 'string' ? record.message : String(error);
  return { type: 'error', code, message };
}
