import {
  type FakeOpenAI,
  type OpenObserveDouble,
  type OpenObserveRow,
  type PortkeyGateway,
  portkeyRoutingHeaders,
  promqlReads,
  runOpenObserveSql,
  type SqlResultRow,
  sqlReads,
  startFakeOpenAI,
  startOpenObserve,
  startPortkeyGateway,
} from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installOpenObserve } from '../../src/cli/install-openobserve.js';
import { loadAlerts, loadDashboards } from '../../src/cli/openobserve-assets.js';
import {
  instrumentOpenAI,
  type OpenObserveHandle,
  openobserveInit,
  withLLMContext,
} from '../../src/index.js';
import { cliContext, doubleEnv, thresholds } from './support/cli-fixtures.js';
import { type SavedConfigGateway, startSavedConfigGateway } from './support/saved-config-gateway.js';

// Known traffic through the real Portkey gateway, exported by the real SDK into the OpenObserve
// double; then every panel and alert query is checked against the rows the double stored: each
// column it names must be in them, and it must return the numbers the traffic implies.

let gateway: PortkeyGateway;
let upstream: FakeOpenAI;
let openobserve: OpenObserveDouble;
let savedConfigs: SavedConfigGateway;
let handle: OpenObserveHandle;
let uninstrument: () => void;
let rows: OpenObserveRow[];
const usage = { totalTokens: 0, calls: 0, failed: 0 };

const SERVICE = 'sql-check';
const REPEATED_PROMPT = 'What does OpenObserve store?';

beforeAll(async () => {
  [gateway, upstream, openobserve] = await Promise.all([
    startPortkeyGateway(),
    startFakeOpenAI(),
    startOpenObserve(),
  ]);
  const target = { provider: 'openai', api_key: 'sk-sql-check', custom_host: upstream.baseURL };
  savedConfigs = await startSavedConfigGateway(gateway.url, {
    'pc-fallback': { strategy: { mode: 'fallback' }, targets: [target, target] },
    'pc-retry': { ...target, retry: { attempts: 1, on_status_codes: [500] } },
  });
  handle = openobserveInit({ url: openobserve.url, authToken: openobserve.authToken, serviceName: SERVICE });
  uninstrument = instrumentOpenAI(OpenAI, { includeStreamUsage: true });

  const routed = new OpenAI({
    apiKey: 'sk-sql-check',
    baseURL: savedConfigs.baseURL,
    defaultHeaders: portkeyRoutingHeaders(upstream.baseURL, 'sk-sql-check'),
    maxRetries: 0,
  });
  const viaConfig = (id: string) =>
    new OpenAI({
      apiKey: 'sk-sql-check',
      baseURL: savedConfigs.baseURL,
      defaultHeaders: { 'x-portkey-config': id },
      maxRetries: 0,
    });
  const chat = (client: OpenAI, content: string) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });
  const count = async (call: () => Promise<{ usage?: { total_tokens: number } | null }>) => {
    usage.calls++;
    try {
      const answer = await call();
      usage.totalTokens += answer.usage?.total_tokens ?? 0;
    } catch {
      usage.failed++;
    }
  };

  // Three plain calls for two users and sessions, two of them with the same prompt.
  await withLLMContext({ userId: 'u-1', sessionId: 's-1' }, async () => {
    await count(() => chat(routed, REPEATED_PROMPT));
    await count(() => chat(routed, REPEATED_PROMPT));
  });
  await withLLMContext({ userId: 'u-2', sessionId: 's-2' }, () => count(() => chat(routed, 'Hello')));
  // Two streamed calls (time to first token), one embedding.
  for (let i = 0; i < 2; i++) {
    await count(async () => {
      const stream = await routed.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Stream ${i}` }],
        stream: true,
        // Asked for, so the loop sees the usage chunk too (unasked, it feeds only the span).
        stream_options: { include_usage: true },
      });
      let total = 0;
      for await (const chunk of stream) total = chunk.usage?.total_tokens ?? total;
      return { usage: { total_tokens: total } };
    });
  }
  await count(() => routed.embeddings.create({ model: 'text-embedding-3-small', input: 'embed me' }));
  // A rate-limited call.
  upstream.enqueue({ status: 429 });
  await count(() => chat(routed, 'Too many'));
  // A fallback: the first target fails, the second answers.
  upstream.enqueue({ status: 500 });
  await count(() => chat(viaConfig('pc-fallback'), 'Fall back'));
  // Retries: one that runs out (-1), one that succeeds on the retry (1).
  upstream.enqueue({ status: 500 }, { status: 500 });
  await count(() => chat(viaConfig('pc-retry'), 'Retry out'));
  upstream.enqueue({ status: 500 });
  await count(() => chat(viaConfig('pc-retry'), 'Retry once'));
  // The gateway's own failure (x-portkey-gateway-exception).
  const broken = new OpenAI({
    apiKey: 'sk-sql-check',
    baseURL: savedConfigs.baseURL,
    defaultHeaders: {
      ...portkeyRoutingHeaders(upstream.baseURL, 'sk-sql-check'),
      'x-portkey-provider': 'no-such-provider',
    },
    maxRetries: 0,
  });
  await count(() => chat(broken, 'Gateway fails'));

  await handle.forceFlush();
  rows = openobserve.rows({ stream: 'default' });
}, 60_000);

afterAll(async () => {
  uninstrument?.();
  await handle?.shutdown();
  await Promise.all([gateway?.stop(), upstream?.close(), openobserve?.close(), savedConfigs?.close()]);
});

const connection = () => cliContext(doubleEnv(openobserve)).connection;
interface LoadedPanel {
  id: string;
  queryType: string;
  queries: { query: string; fields: { stream: string } }[];
}
const loadedPanels = () =>
  loadDashboards(connection()).flatMap((dashboard) =>
    (dashboard.body.tabs as { panels: LoadedPanel[] }[]).flatMap((tab) =>
      tab.panels.map((panel) => ({ ...panel, id: `${dashboard.file} ${panel.id}` })),
    ),
  );
const panelQueries = () =>
  loadedPanels()
    .filter((panel) => panel.queryType === 'sql')
    .map((panel) => ({ id: panel.id, sql: panel.queries[0]?.query ?? '' }));
const alertQueries = () =>
  loadAlerts(connection(), thresholds(), 'hook').map((alert) => ({
    id: alert.file,
    sql: (alert.body.query_condition as { sql: string }).sql,
  }));
const run = (sql: string) => runOpenObserveSql(sql, { default: rows });
async function panel(id: string): Promise<SqlResultRow[]> {
  const query = panelQueries().find((q) => q.id.endsWith(` ${id}`));
  if (!query) throw new Error(`no panel ${id}`);
  return run(query.sql);
}

describe('panel and alert SQL against the rows of real calls', () => {
  it('stored one row per call', () => {
    expect(usage.calls).toBe(11);
    expect(usage.failed).toBe(3);
    expect(rows.filter((row) => row.gen_ai_operation_name !== undefined)).toHaveLength(11);
  });

  it('reads only columns the stored rows have', () => {
    const present = new Set(rows.flatMap((row) => Object.keys(row)));
    const missing: Record<string, string[]> = {};
    for (const { id, sql } of [...panelQueries(), ...alertQueries()]) {
      const absent = sqlReads(sql).columns.filter((column) => !present.has(column));
      if (absent.length > 0) missing[id] = absent;
    }
    expect(missing).toEqual({});
  });

  it('never renames an expression to a stored column name (GROUP BY and ORDER BY would read the column)', () => {
    const present = new Set(rows.flatMap((row) => Object.keys(row)));
    const shadowing: Record<string, string[]> = {};
    for (const { id, sql } of [...panelQueries(), ...alertQueries()]) {
      const clashes = sqlReads(sql).aliases.filter((alias) => present.has(alias));
      if (clashes.length > 0) shadowing[id] = clashes;
    }
    expect(shadowing).toEqual({});
  });

  it('runs every panel and alert query', async () => {
    const failures: Record<string, string> = {};
    for (const { id, sql } of [...panelQueries(), ...alertQueries()]) {
      await run(sql).catch((error: Error) => {
        failures[id] = error.message.split('\n')[0] ?? '';
      });
    }
    expect(failures).toEqual({});
  });

  it('overview: calls, tokens, cost and error rate of the traffic', async () => {
    expect(await panel('calls_total')).toEqual([{ y_axis_1: 11 }]);
    expect(await panel('tokens_total')).toEqual([{ y_axis_1: usage.totalTokens }]);
    expect(await panel('error_rate_total')).toEqual([{ y_axis_1: 27.27 }]);
    const [cost] = await panel('cost_total');
    const rowCost = rows.reduce((sum, row) => sum + Number(row.gen_ai_usage_cost ?? 0), 0);
    expect(cost?.y_axis_1).toBeGreaterThan(0);
    expect(cost?.y_axis_1).toBeCloseTo(rowCost, 12);
    const perHour = await panel('calls_per_hour');
    expect(perHour.reduce((sum, row) => sum + Number(row.y_axis_1), 0)).toBe(11);
    expect(perHour.map((row) => row.breakdown_1)).toContain(`${SERVICE} / openai / gpt-4o-mini-2024-07-18`);
  });

  it('overview: time to first token from the streamed calls only, percentiles by service, provider and model', async () => {
    const ttft = await panel('ttft_p95');
    // One point per time bucket the two streamed calls fell in (one, or two across a minute boundary).
    expect(ttft.length).toBeGreaterThanOrEqual(1);
    expect(ttft.length).toBeLessThanOrEqual(2);
    for (const point of ttft) expect(Number(point.y_axis_1)).toBeGreaterThan(0);
    const table = await panel('by_service_provider_model');
    // Answered chats carry the served model; failed ones only the requested model.
    const chat = table.find((row) => row.model === 'gpt-4o-mini-2024-07-18');
    expect(chat).toMatchObject({
      service: SERVICE,
      provider: 'openai',
      calls: 7,
      errors: 0,
      error_rate_percent: 0,
    });
    const failed = table.filter((row) => row.model === 'gpt-4o-mini');
    expect(failed.reduce((sum, row) => sum + Number(row.errors), 0)).toBe(3);
    expect(table.find((row) => row.model === 'text-embedding-3-small')).toMatchObject({
      calls: 1,
      errors: 0,
      ttft_p95_ms: null,
    });
  });

  it('overview PromQL panels: read only metric streams and labels the same calls stored', () => {
    const promql = loadedPanels().filter((panel) => panel.queryType === 'promql');
    expect(promql.map((panel) => panel.id)).toEqual([
      'overview.json tokens_per_hour',
      'overview.json latency_percentiles',
    ]);
    const missing: Record<string, string[]> = {};
    for (const panel of promql) {
      for (const { query } of panel.queries) {
        const reads = promqlReads(query);
        expect(reads.errors).toEqual([]);
        for (const metric of reads.metrics) {
          const stored = openobserve.metricRows({ stream: metric });
          const labels = new Set(stored.flatMap((row) => Object.keys(row)));
          const absent = [
            ...(stored.length === 0 ? [metric] : []),
            ...reads.labels.filter((label) => !labels.has(label)),
          ];
          if (absent.length > 0) missing[panel.id] = absent;
        }
      }
    }
    expect(missing).toEqual({});
  });

  it('overview PromQL panels: the metric series hold what the spans say (calls, buckets, tokens)', async () => {
    const latest = (stream: string) => {
      const stored = openobserve.metricRows({ stream });
      const last = Math.max(...stored.map((row) => Number(row._timestamp)));
      return stored.filter((row) => row._timestamp === last);
    };
    const sum = (list: OpenObserveRow[]) => list.reduce((total, row) => total + Number(row.value), 0);
    // latency_percentiles: one duration observation per call, in buckets that add up.
    expect(sum(latest('gen_ai_client_operation_duration_count'))).toBe(11);
    const buckets = latest('gen_ai_client_operation_duration_bucket');
    expect(sum(buckets.filter((row) => row.le === 'inf'))).toBe(11);
    // Cumulative buckets: counts never fall as le grows, and the last bound that holds every call
    // is at or above the slowest call (what histogram_quantile reads).
    const bounds = [...new Set(buckets.map((row) => row.le))].sort((x, y) => Number(x) - Number(y));
    const counts = bounds.map((le) => sum(buckets.filter((row) => row.le === le)));
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    const slowestSeconds = Math.max(...rows.map((row) => Number(row.duration) / 1e6));
    const firstFull = bounds[counts.indexOf(11)];
    // (0.9: a span starts a moment before the metric clock of its call.)
    expect(Number(firstFull)).toBeGreaterThanOrEqual(slowestSeconds * 0.9);
    // tokens_per_hour: the token sums of every series add up to the Tokens panel, which reads the spans.
    const [tokens] = await panel('tokens_total');
    expect(sum(latest('gen_ai_client_token_usage_sum'))).toBe(tokens?.y_axis_1);
    expect(tokens?.y_axis_1).toBe(usage.totalTokens);
  });

  it('Portkey routing: fallbacks, retries and exhausted retries by saved config id; gateway exceptions', async () => {
    const byConfig = Object.fromEntries((await panel('by_config')).map((row) => [row.config_id, row]));
    expect(byConfig['pc-fallback']).toMatchObject({ calls: 1, fallbacks: 1, fallback_rate_percent: 100 });
    expect(byConfig['pc-retry']).toMatchObject({
      calls: 2,
      retried_calls: 1,
      retries: 1,
      retries_exhausted: 1,
      fallbacks: 0,
    });
    expect(byConfig['(no saved config)']).toMatchObject({
      fallbacks: 0,
      cache_hits: 0,
      cache_hit_rate_percent: null,
      gateway_exceptions: 1,
    });
    expect(await panel('targets_used')).toContainEqual({
      config_id: 'pc-fallback',
      target: 'config.targets[1]',
      portkey_provider: 'openai',
      calls: 1,
    });
    const exceptions = await panel('gateway_exceptions');
    expect(exceptions.reduce((sum, row) => sum + Number(row.y_axis_1), 0)).toBe(1);
  });

  it('cost: by model, provider and user', async () => {
    expect((await panel('cost_by_user')).map((row) => [row.user_id, row.calls])).toEqual(
      expect.arrayContaining([
        ['u-1', 2],
        ['u-2', 1],
      ]),
    );
    expect((await panel('cost_by_provider')).map((row) => row.x_axis_1)).toContain('openai');
    const byModel = await panel('cost_by_model');
    const embeddings = byModel.find((row) => row.model === 'text-embedding-3-small');
    expect(embeddings).toMatchObject({ calls: 1 });
    expect(embeddings?.input_tokens).toBeGreaterThan(0);
  });

  it('cost: by session (gen_ai_conversation_id), and top prompts from captured content (gen_ai_input_messages)', async () => {
    expect((await panel('cost_by_session')).map((row) => [row.conversation, row.calls])).toEqual(
      expect.arrayContaining([
        ['s-1', 2],
        ['s-2', 1],
      ]),
    );
    const [top] = await panel('top_prompts_by_cost');
    expect(top?.calls).toBe(2);
    expect(String(top?.prompt)).toContain(REPEATED_PROMPT);
  });

  it('errors: by error.type (the HTTP status), and the failing calls with their trace ids', async () => {
    const byType = Object.fromEntries(
      (await panel('errors_by_type_table')).map((row) => [row.error_type, row.errors]),
    );
    expect(byType).toEqual({ '429': 1, '500': 1, '400': 1 });
    const recent = await panel('recent_failures');
    const failedTraceIds = rows.filter((row) => row.span_status === 'ERROR').map((row) => row.trace_id);
    expect(recent.map((row) => row.trace_id).sort()).toEqual(failedTraceIds.sort());
    // A time series: the traffic may span more than one time bucket, so add the buckets up.
    const statuses: Record<string, number> = {};
    for (const row of await panel('calls_by_status')) {
      const status = String(row.breakdown_1);
      statuses[status] = (statuses[status] ?? 0) + Number(row.y_axis_1);
    }
    expect(statuses).toEqual({ OK: 8, ERROR: 3 });
  });

  it('alerts, installed and run by the double: fire above the thresholds, stay quiet below', async () => {
    const context = cliContext(doubleEnv(openobserve));
    const destination = { kind: 'url', url: 'https://hooks.example.com/llm' } as const;
    await installOpenObserve(context, { thresholds: thresholds(), destination });
    const fired = async () =>
      Object.fromEntries(
        (await openobserve.management.evaluateAlerts()).map((result) => [result.name, result.fired]),
      );
    // Defaults: 27% errors > 5%; p95 far under 10 s; cents far under $10/h; 1 fallback in 10 calls is not over 10%.
    expect(await fired()).toEqual({
      portobserve_llm_error_rate: true,
      portobserve_llm_p95_latency: false,
      portobserve_llm_cost_per_hour: false,
      portobserve_llm_fallback_rate: false,
    });
    const low = {
      'error-rate-percent': '50',
      'p95-latency-ms': '0.001',
      'cost-per-hour-usd': '0.000001',
      'fallback-rate-percent': '5',
    };
    await installOpenObserve(context, { thresholds: thresholds(low), destination });
    expect(await fired()).toEqual({
      portobserve_llm_error_rate: false,
      portobserve_llm_p95_latency: true,
      portobserve_llm_cost_per_hour: true,
      portobserve_llm_fallback_rate: true,
    });
  });
});
