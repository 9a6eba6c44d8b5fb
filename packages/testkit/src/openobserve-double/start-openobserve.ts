import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodeContentEncoding } from './decode-body.js';
import { handleIngestRequest, type IngestInput } from './ingest-request.js';
import { basicAuthToken, DEFAULT_EMAIL, DEFAULT_MAX_BODY_BYTES, DEFAULT_PASSWORD } from './ingest-rules.js';
import { createManagementApi, type ManagementApi } from './management/management-api.js';
import { type MetricsDoubleApi, MetricsEndpoint } from './metrics/metrics-endpoint.js';
import type { OpenObserveRow } from './otlp-json-to-rows.js';
import { RowStore } from './row-store.js';
import { checkScriptedAnswer, type ScriptedAnswer, type ScriptedResponse } from './scripted-responses.js';

export type { MetricsDoubleApi, RecordedMetricsRequest } from './metrics/metrics-endpoint.js';
export type { OpenObserveRow } from './otlp-json-to-rows.js';

/** Options of {@link startOpenObserve}. */
export interface OpenObserveDoubleOptions {
  /** Login email; defaults to `root@example.com`. */
  email?: string;
  /** Login password; defaults to `Complexpass#123`. */
  password?: string;
  /** Body limit (raw and decoded); defaults to 200 MiB. Past it the answer is 413. */
  maxBodyBytes?: number;
  /** Port on 127.0.0.1; defaults to 0 (a free port). */
  port?: number;
  /**
   * Rewrite LLM spans at ingest as OpenObserve v0.91+ does (derived `gen_ai_*` columns, input and
   * output attributes deleted, usage and cost filled in, marked `_double_usage_estimated` /
   * `_double_cost_computed` where OpenObserve would estimate or price itself); defaults to `true`.
   * `false` stores spans as OpenObserve before v0.91 did.
   */
  llmIngest?: boolean;
  /** Keep each request's body, decoded, in `requests[].body` (for secret scans); default false. */
  recordBodies?: boolean;
  /** Let alert destinations point at loopback or private addresses (the SSRF guard refuses them by default). */
  allowPrivateAlertDestinations?: boolean;
}

/** One request the double received, refused or not. */
export interface RecordedIngestRequest {
  method: string;
  /** The request target as sent (path and query string). */
  path: string;
  /** Header names in lower case, repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The status answered; `0` while the request waits (delay or hang) or when it was never answered. */
  status: number;
  /** Spans found in the body (accepted or rejected); `0` when the body was not decoded. */
  spanCount: number;
  /** The organization addressed (`organization` header, else the path); `''` for a non-ingest path. */
  org: string;
  /** The stream addressed (sanitised `stream-name` header, else `default`); `''` for a non-ingest path. */
  stream: string;
  /** With `recordBodies`: the body as received, its content encoding undone when it could be. */
  body?: Buffer;
}

/** A running OpenObserve ingest double: traces, metrics (see {@link MetricsDoubleApi}) and management APIs. */
export interface OpenObserveDouble extends MetricsDoubleApi {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** `Basic <base64(email:password)>`, ready for an `Authorization` header. */
  authToken: string;
  email: string;
  password: string;
  /** Every request received, in arrival order, refused ones included. */
  requests: RecordedIngestRequest[];
  /** The dashboards, folders, alerts and destinations APIs: what they store, and alert runs. */
  management: Pick<ManagementApi, 'store' | 'evaluateAlerts'>;
  /** Stored rows, optionally of one organization and/or stream; no filter gives all rows. */
  rows(filter?: { org?: string; stream?: string }): OpenObserveRow[];
  /** Polls every ~20 ms until `predicate(rows)` holds; rejects after `timeoutMs` (5000) listing the rows. */
  waitForRows(
    predicate: (rows: OpenObserveRow[]) => boolean,
    options?: { org?: string; stream?: string; timeoutMs?: number },
  ): Promise<OpenObserveRow[]>;
  /** Answers the next ingest requests with these statuses, in order, without checks and storing nothing. */
  scriptStatuses(statuses: number[]): void;
  /** Like `scriptStatuses`, with headers (`retry-after`) and a body of your own; shares its queue. */
  scriptResponses(responses: ScriptedResponse[]): void;
  /** Waits this long before answering each request; `Infinity` never answers until `reset()`/`close()`. */
  setDelayMs(ms: number): void;
  /** Stops listening and destroys open sockets: connections are refused. */
  refuseConnections(): Promise<void>;
  /** Listens again on the same port. */
  acceptConnections(): Promise<void>;
  /** Clears rows, requests, scripted statuses, delay and everything the management APIs hold; requests still waiting are dropped (socket destroyed). */
  reset(): void;
  /** Closes the server and every socket, dropping waiting requests. Idempotent. */
  close(): Promise<void>;
}

const POLL_INTERVAL_MS = 20;
const DEFAULT_WAIT_TIMEOUT_MS = 5000;
const CLIENT_SETTLE_MS = 20;

interface Waiter {
  timer: NodeJS.Timeout | undefined;
  finish: (proceed: boolean) => void;
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

async function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; tooLarge: boolean }> {
  const declared = Number(request.headers['content-length']);
  let tooLarge = Number.isFinite(declared) && declared > maxBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      tooLarge = true;
    }
    if (!tooLarge) {
      chunks.push(buffer);
    }
  }
  return { body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

function decodedForRecord(body: Buffer, headers: Record<string, string>, maxBytes: number): Buffer {
  const decoded = decodeContentEncoding(body, headers['content-encoding'], maxBytes);
  return decoded.ok ? decoded.body : body;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Starts an OpenObserve trace-ingest test double on 127.0.0.1. It accepts OTLP/JSON on
 * `POST /api/{org}/v1/traces` with the real server's rules (Basic auth, content type, encodings, size limit, span rejections) and stores the
 * accepted spans as the rows OpenObserve would show, per organization and stream. It is never
 * laxer than the real server: protobuf bodies, for instance, are refused with a 400.
 *
 * @example
 * ```ts
 * const openobserve = await startOpenObserve();
 * // point the exporter at `${openobserve.url}/api/default/v1/traces`
 * // with headers { Authorization: openobserve.authToken }
 * const rows = await openobserve.waitForRows((r) => r.length === 1);
 * rows[0]?.operation_name; // 'ChatCompletion'
 * await openobserve.close();
 * ```
 */
export async function startOpenObserve(options: OpenObserveDoubleOptions = {}): Promise<OpenObserveDouble> {
  const email = options.email ?? DEFAULT_EMAIL;
  const password = options.password ?? DEFAULT_PASSWORD;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const store = new RowStore();
  const management = createManagementApi({
    email,
    password,
    streamRows: (org, stream) => store.rows({ org, stream }),
    allowPrivateDestinations: options.allowPrivateAlertDestinations,
  });
  const requests: RecordedIngestRequest[] = [];
  const metricsEndpoint = new MetricsEndpoint({ email, password, maxBodyBytes });
  const scripted: ScriptedAnswer[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<Waiter>();
  let delayMs = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  function releaseWaiters(): void {
    for (const waiter of [...waiters]) {
      waiter.finish(false);
    }
  }

  /** Resolves `true` when the request may be answered, `false` when it was released unanswered. */
  function waitBeforeAnswer(): Promise<boolean> {
    if (delayMs <= 0) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter: Waiter = {
        timer: undefined,
        finish: (proceed) => {
          if (waiters.delete(waiter)) {
            clearTimeout(waiter.timer);
            resolve(proceed);
          }
        },
      };
      waiters.add(waiter);
      if (Number.isFinite(delayMs)) {
        waiter.timer = setTimeout(() => waiter.finish(true), delayMs);
      }
    });
  }

  async function onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.on('error', () => {});
    const record: RecordedIngestRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: flattenHeaders(request),
      status: 0,
      spanCount: 0,
      org: '',
      stream: '',
    };
    const metricsRecord = metricsEndpoint.handles(record.path) ? metricsEndpoint.record(record) : undefined;
    if (!metricsRecord) requests.push(record);
    let received: { body: Buffer; tooLarge: boolean };
    try {
      received = await readBody(request, maxBodyBytes);
    } catch {
      return; // the client went away while sending
    }
    if (options.recordBodies) record.body = decodedForRecord(received.body, record.headers, maxBodyBytes);
    if (metricsRecord && record.body) metricsRecord.body = record.body;
    const proceed = await waitBeforeAnswer();
    if (!proceed || response.destroyed || request.socket.destroyed) {
      request.socket.destroy();
      return;
    }
    const input: IngestInput = {
      method: record.method,
      url: record.path,
      headers: record.headers,
      body: received.body,
      bodyTooLarge: received.tooLarge,
    };
    if (metricsRecord) {
      const answer = metricsEndpoint.answer(input, metricsRecord);
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
      return;
    }
    const managed = management.handle(input);
    if (managed !== undefined) {
      record.status = managed.status;
      response.writeHead(managed.status, managed.headers);
      response.end(managed.body);
      return;
    }
    const outcome = handleIngestRequest(input, {
      email,
      password,
      maxBodyBytes,
      takeScriptedStatus: () => scripted.shift(),
      llmIngest: options.llmIngest,
    });
    record.org = outcome.org;
    record.stream = outcome.stream;
    record.spanCount = outcome.spanCount;
    record.status = outcome.answer.status;
    if (outcome.rows.length > 0) {
      store.add(outcome.org, outcome.stream, outcome.rows);
    }
    response.writeHead(outcome.answer.status, outcome.answer.headers);
    response.end(outcome.answer.body);
  }

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ code: 500, message: `test double error: ${String(error)}` }));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  async function stopListening(): Promise<void> {
    releaseWaiters();
    const closed = server.listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    for (const socket of sockets) {
      socket.destroy();
    }
    await closed;
    // Let in-process clients (fetch, exporters) see their pooled sockets close before the caller
    // sends again, so the next request opens a new connection and is refused.
    await sleep(CLIENT_SETTLE_MS);
  }

  const port = await listen(options.port ?? 0);

  const double: OpenObserveDouble = {
    url: `http://127.0.0.1:${port}`,
    port,
    authToken: basicAuthToken(email, password),
    email,
    password,
    requests,
    ...metricsEndpoint.api(),
    management,
    rows: (filter) => store.rows(filter),
    async waitForRows(predicate, waitOptions = {}) {
      const filter = { org: waitOptions.org, stream: waitOptions.stream };
      const timeoutMs = waitOptions.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
      const deadline = Date.now() + timeoutMs;
      let lastError: unknown;
      for (;;) {
        const rows = store.rows(filter);
        try {
          if (predicate(rows)) {
            return rows;
          }
        } catch (error) {
          lastError = error;
        }
        if (Date.now() >= deadline) {
          const where = JSON.stringify(filter);
          const cause = lastError === undefined ? '' : `; last predicate error: ${String(lastError)}`;
          const statuses = requests.map((item) => `${item.method} ${item.path} -> ${item.status}`).join(', ');
          throw new Error(
            `waitForRows timed out after ${timeoutMs} ms${cause}. Rows for ${where} (${rows.length}): ` +
              `${JSON.stringify(rows, null, 2)}\nAll streams: ${JSON.stringify(store.summary())}\n` +
              `Requests: [${statuses}]`,
          );
        }
        await sleep(POLL_INTERVAL_MS);
      }
    },
    scriptStatuses(statuses) {
      for (const status of statuses) checkScriptedAnswer(status, 'scriptStatuses');
      scripted.push(...statuses);
    },
    scriptResponses(responses) {
      for (const response of responses) checkScriptedAnswer(response, 'scriptResponses');
      scripted.push(...responses.map((response) => ({ ...response })));
    },
    setDelayMs(ms) {
      if (Number.isNaN(ms) || ms < 0) {
        throw new RangeError(`setDelayMs: ${ms} is not a delay`);
      }
      delayMs = ms;
    },
    refuseConnections: () => stopListening(),
    async acceptConnections() {
      if (closed) {
        throw new Error('acceptConnections: the OpenObserve double is closed');
      }
      if (!server.listening) {
        await listen(port);
      }
    },
    reset() {
      store.clear();
      management.store.clear();
      metricsEndpoint.reset();
      requests.length = 0;
      scripted.length = 0;
      delayMs = 0;
      releaseWaiters();
    },
    close() {
      closed = true;
      closing ??= stopListening();
      return closing;
    },
  };
  return double;
}
