import type { IngestAnswer, IngestInput } from '../ingest-request.js';
import { isAuthorized } from '../ingest-rules.js';
import type { OpenObserveRow } from '../otlp-json-to-rows.js';
import { handleAlerts } from './alerts-api.js';
import { handleDashboards } from './dashboards-api.js';
import { handleDestinations } from './destinations-api.js';
import { type AlertEvaluation, evaluateAlerts } from './evaluate-alerts.js';
import { handleFolders } from './folders-api.js';
import { BodyRejection, metaAnswer } from './http-answers.js';
import type { ManagementContext, ManagementRequest } from './management-request.js';
import { ManagementStore } from './management-store.js';
import { handleStreams } from './streams-api.js';

type Handler = (context: ManagementContext, request: ManagementRequest) => IngestAnswer;

interface Route {
  pattern: RegExp;
  methods: readonly string[];
  handler: Handler;
}

// `{org}` is the first capture; the path parameters after it follow. v2 routes come first, so `v2`
// is never read as an organization.
const ROUTES: readonly Route[] = [
  { pattern: /^\/api\/v2\/([^/]+)\/(folders)\/([^/]+)$/, methods: ['GET', 'POST'], handler: handleFolders },
  {
    pattern: /^\/api\/v2\/([^/]+)\/(folders)\/([^/]+)\/(name)\/([^/]+)$/,
    methods: ['GET'],
    handler: handleFolders,
  },
  {
    pattern: /^\/api\/v2\/([^/]+)\/(folders)\/([^/]+)\/([^/]+)$/,
    methods: ['GET', 'PUT', 'DELETE'],
    handler: handleFolders,
  },
  { pattern: /^\/api\/v2\/([^/]+)\/(alerts)$/, methods: ['GET', 'POST'], handler: handleAlerts },
  {
    pattern: /^\/api\/v2\/([^/]+)\/(alerts)\/([^/]+)$/,
    methods: ['GET', 'PUT', 'DELETE'],
    handler: handleAlerts,
  },
  { pattern: /^\/api\/([^/]+)\/(dashboards)$/, methods: ['GET', 'POST'], handler: handleDashboards },
  {
    pattern: /^\/api\/([^/]+)\/(dashboards)\/([^/]+)$/,
    methods: ['GET', 'PUT', 'DELETE'],
    handler: handleDashboards,
  },
  {
    pattern: /^\/api\/([^/]+)\/(alerts)\/(destinations)$/,
    methods: ['GET', 'POST'],
    handler: handleDestinations,
  },
  {
    pattern: /^\/api\/([^/]+)\/(alerts)\/(destinations)\/([^/]+)$/,
    methods: ['GET', 'PUT', 'DELETE'],
    handler: handleDestinations,
  },
  {
    pattern: /^\/api\/([^/]+)\/(streams)\/([^/]+)\/(schema)$/,
    methods: ['GET'],
    handler: handleStreams,
  },
  {
    pattern: /^\/api\/([^/]+)\/(streams)\/([^/]+)\/(update_fields)$/,
    methods: ['PUT'],
    handler: handleStreams,
  },
];

/** Options of {@link createManagementApi}. */
export interface ManagementApiOptions {
  email: string;
  password: string;
  streamRows(org: string, stream: string): OpenObserveRow[];
  allowPrivateDestinations?: boolean;
}

/** The dashboards, folders, alerts, destinations and stream-schema APIs of the double. */
export interface ManagementApi {
  /** Answers a management request, or `undefined` when the path is not one (the ingest routes take it). */
  handle(input: IngestInput): IngestAnswer | undefined;
  /** Folders, dashboards, alerts and destinations as stored. */
  store: ManagementStore;
  /** Runs every enabled SQL alert once, as the scheduler would at `nowMs`. */
  evaluateAlerts(options?: { nowMs?: number; org?: string }): Promise<AlertEvaluation[]>;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The management side of the OpenObserve double, with the validation the server applies (see each
 * handler). It needs the same Basic auth as ingest.
 *
 * @example
 * ```ts
 * const management = createManagementApi({ email, password, streamRows: (org, stream) => store.rows({ org, stream }) });
 * management.handle({ method: 'GET', url: '/api/default/dashboards', headers, body: Buffer.alloc(0), bodyTooLarge: false });
 * ```
 */
export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const store = new ManagementStore();
  const context: ManagementContext = {
    store,
    email: options.email,
    streamRows: options.streamRows,
    allowPrivateDestinations: options.allowPrivateDestinations ?? false,
  };
  return {
    store,
    evaluateAlerts: (evaluation) => evaluateAlerts(context, evaluation),
    handle(input) {
      const [path = '', search = ''] = input.url.split('?', 2);
      for (const route of ROUTES) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        if (!isAuthorized(input.headers.authorization, options.email, options.password)) {
          return {
            status: 401,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
            body: 'Unauthorized Access',
          };
        }
        if (!route.methods.includes(input.method))
          return { status: 405, headers: { allow: route.methods.join(', ') }, body: '' };
        if (input.bodyTooLarge) return metaAnswer(413, 'Payload Too Large');
        const segments = match.slice(1).map(decodeSegment);
        if (segments.some((segment) => segment === undefined)) return metaAnswer(400, 'Invalid URL');
        const [org = '', ...params] = segments as string[];
        const request: ManagementRequest = {
          method: input.method,
          org,
          params,
          query: new URLSearchParams(search),
          contentType: input.headers['content-type'],
          body: input.body,
        };
        try {
          return route.handler(context, request);
        } catch (error) {
          if (error instanceof BodyRejection) return error.answer;
          throw error;
        }
      }
      return undefined;
    },
  };
}
