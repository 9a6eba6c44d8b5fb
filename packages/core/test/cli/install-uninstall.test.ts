import { type OpenObserveDouble, startOpenObserve } from '@portobserve/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installOpenObserve } from '../../src/cli/install-openobserve.js';
import { FOLDER_DESCRIPTION } from '../../src/cli/llm-folder.js';
import { loadDashboards } from '../../src/cli/openobserve-assets.js';
import { uninstallOpenObserve } from '../../src/cli/uninstall-openobserve.js';
import { cliContext, doubleEnv, seedStream, thresholds, writes } from './support/cli-fixtures.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve();
});
beforeEach(() => openobserve.reset());
afterAll(() => openobserve.close());

const WEBHOOK = { kind: 'url', url: 'https://hooks.example.com/llm' } as const;
const TITLES = ['LLM calls: overview', 'LLM calls: Portkey routing', 'LLM calls: cost', 'LLM calls: errors'];
const ALERTS = [
  'portobserve_llm_error_rate',
  'portobserve_llm_p95_latency',
  'portobserve_llm_cost_per_hour',
  'portobserve_llm_fallback_rate',
];

function install(
  options: {
    env?: Record<string, string>;
    dryRun?: boolean;
    destination?: Parameters<typeof installOpenObserve>[1]['destination'];
    flags?: Record<string, string>;
  } = {},
) {
  return installOpenObserve(cliContext(doubleEnv(openobserve, options.env), options.dryRun), {
    thresholds: thresholds(options.flags),
    destination: options.destination,
  });
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${openobserve.url}${path}`, {
    method,
    headers: {
      authorization: openobserve.authToken,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

const store = () => openobserve.management.store;
const actions = (changes: { action: string; subject: string }[]) =>
  changes.map((c) => `${c.action} ${c.subject}`);

describe('install', () => {
  it('creates the "LLM calls" folder and the four dashboards, and skips alerts with one line naming the flag', async () => {
    const changes = await install();
    expect(actions(changes)).toEqual([
      'skipped columns of traces stream "default"',
      'created dashboard folder "LLM calls"',
      ...TITLES.map((title) => `created dashboard "${title}"`),
      'skipped alerts',
    ]);
    expect(changes.at(-1)?.detail).toMatch(
      /^no alert destination: pass --alert-destination <name\|https URL>/,
    );
    const [folder] = store().folders.filter((f) => f.type === 'dashboards');
    expect(folder).toMatchObject({ name: 'LLM calls', description: FOLDER_DESCRIPTION });
    expect(store().dashboards.map((d) => [d.folderId, d.v8.title])).toEqual(
      TITLES.map((t) => [folder?.folderId, t]),
    );
    const stored = JSON.stringify(store().dashboards);
    expect(stored).not.toContain('__PORTOBSERVE_');
    expect(stored).toContain('FROM \\"default\\"');
    expect(store().alerts).toEqual([]);
  });

  it('changes nothing the second time: every item unchanged, not one write request', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    const hashes = store().dashboards.map((d) => d.hash);
    const before = writes(openobserve).length;
    const changes = await install({ destination: WEBHOOK });
    expect(changes.every((change) => change.action === 'unchanged')).toBe(true);
    expect(changes).toHaveLength(12);
    expect(writes(openobserve)).toHaveLength(before);
    expect(store().dashboards.map((d) => d.hash)).toEqual(hashes);
  });

  it('puts back a dashboard someone changed, keeping its id and creation date', async () => {
    await install();
    const cost = store().dashboards.find((d) => d.v8.title === 'LLM calls: cost');
    if (!cost) throw new Error('no cost dashboard');
    const { dashboardId, created } = cost.v8 as { dashboardId: string; created: string };
    const [tab] = cost.v8.tabs as { panels: unknown[] }[];
    const edited = {
      ...cost.v8,
      description: 'mine now',
      tabs: [{ ...tab, panels: tab?.panels.slice(0, 1) }],
    };
    const put = await api(
      'PUT',
      `/api/default/dashboards/${dashboardId}?folder=${cost.folderId}&hash=${cost.hash}`,
      edited,
    );
    expect(put.status).toBe(200);

    const changes = await install();
    expect(
      actions(changes).filter((line) => !line.startsWith('unchanged') && !line.startsWith('skipped')),
    ).toEqual(['updated dashboard "LLM calls: cost"']);
    const restored = store().dashboards.find((d) => d.v8.dashboardId === dashboardId);
    const shipped = loadDashboards(cliContext(doubleEnv(openobserve)).connection).find(
      (d) => d.key === 'LLM calls: cost',
    );
    expect(restored?.v8).toMatchObject({ dashboardId, created, description: shipped?.body.description });
    const restoredTabs = restored?.v8.tabs as { panels: unknown[] }[] | undefined;
    expect(restoredTabs?.[0]?.panels).toHaveLength(6);
    expect(store().dashboards).toHaveLength(4);
  });

  it('with data and a webhook URL: adds missing columns, then the destination and four enabled alerts in an "LLM calls" alert folder', async () => {
    await seedStream(openobserve);
    const changes = await install({ destination: WEBHOOK });
    expect(actions(changes)).toContain('created alert destination "portobserve_llm_alerts"');
    expect(actions(changes)).toContain('created alert folder "LLM calls"');
    expect(changes.find((c) => c.action === 'added')?.detail).toContain('portkey_config_id');
    expect(store().provisionedFields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['portkey_config_id', 'portkey_gateway_exception', 'error_type']),
    );
    expect(store().destinations).toMatchObject([
      {
        name: 'portobserve_llm_alerts',
        module: 'alert',
        destination: { type: 'http', url: 'https://hooks.example.com/llm', method: 'post' },
      },
    ]);
    const alertFolder = store().folders.find((f) => f.type === 'alerts' && f.name === 'LLM calls');
    expect(
      store().alerts.map((a) => [a.alert.name, a.alert.enabled, a.folderId, a.alert.destinations]),
    ).toEqual(ALERTS.map((name) => [name, true, alertFolder?.folderId, ['portobserve_llm_alerts']]));
    const errorRate = store().alerts[0]?.alert as {
      query_condition: { sql: string };
      trigger_condition: Record<string, unknown>;
    };
    expect(errorRate.query_condition.sql).toContain('FROM "default"');
    expect(errorRate.query_condition.sql).toMatch(/HAVING .* > 5$/);
    expect(errorRate.trigger_condition).toMatchObject({
      period: 5,
      operator: '>=',
      threshold: 1,
      frequency: 5,
    });
  });

  it('puts thresholds in the alert SQL; a changed one updates only its alert; a disabled alert stays disabled', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    const fallback = store().alerts.find((a) => a.alert.name === 'portobserve_llm_fallback_rate');
    if (!fallback) throw new Error('no fallback alert');
    expect(
      (await api('PUT', `/api/v2/default/alerts/${fallback.id}`, { ...fallback.alert, enabled: false }))
        .status,
    ).toBe(200);

    const changes = await install({
      destination: WEBHOOK,
      flags: { 'error-rate-percent': '2', 'p95-latency-ms': '2500' },
    });
    expect(actions(changes).filter((line) => line.startsWith('updated'))).toEqual([
      'updated alert "portobserve_llm_error_rate"',
      'updated alert "portobserve_llm_p95_latency"',
    ]);
    const sqlOf = (name: string) =>
      (
        store().alerts.find((a) => a.alert.name === name)?.alert.query_condition as
          | { sql: string }
          | undefined
      )?.sql;
    expect(sqlOf('portobserve_llm_error_rate')).toMatch(/ > 2$/);
    expect(sqlOf('portobserve_llm_p95_latency')).toMatch(/ > 2500 \* 1000$/);
    expect(store().alerts.find((a) => a.id === fallback.id)?.alert.enabled).toBe(false);
  });

  it('uses a named destination as it is, removes its own webhook once unused, and names an unknown destination', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    await expect(install({ destination: { kind: 'name', name: 'team_hook' } })).rejects.toThrow(
      /alert destination "team_hook" does not exist in organization "default": create it in OpenObserve/,
    );
    await api('POST', '/api/default/alerts/destinations', {
      name: 'team_hook',
      type: 'http',
      url: 'https://hooks.example.com/team',
    });
    const changes = await install({ destination: { kind: 'name', name: 'team_hook' } });
    expect(changes.filter((c) => c.action === 'updated')).toHaveLength(4);
    expect(changes.at(-1)).toEqual({
      action: 'deleted',
      subject: 'alert destination "portobserve_llm_alerts"',
      detail: 'no longer used: alerts go to "team_hook"',
    });
    expect(store().alerts.every((a) => (a.alert.destinations as string[]).join() === 'team_hook')).toBe(true);
    expect(store().destinations.map((d) => d.name)).toEqual(['team_hook']);

    await uninstallOpenObserve(cliContext(doubleEnv(openobserve)));
    expect(store().destinations.map((d) => d.name)).toEqual(['team_hook']);
  });

  it('skips alerts, saying why, while the stream has no data', async () => {
    const changes = await install({ destination: WEBHOOK });
    expect(changes.at(-1)).toMatchObject({ action: 'skipped', subject: 'alerts' });
    expect(changes.at(-1)?.detail).toContain('send one LLM call to "default", then run install again');
    expect(store().destinations).toEqual([]);
  });

  it('reads and writes the stream OPENOBSERVE_TRACES_STREAM_NAME names, as OpenObserve formats it', async () => {
    await seedStream(openobserve, 'llm_traces');
    await install({ env: { OPENOBSERVE_TRACES_STREAM_NAME: 'LLM-Traces' }, destination: WEBHOOK });
    const stored = JSON.stringify([store().dashboards, store().alerts]);
    expect(stored).toContain('FROM \\"llm_traces\\"');
    expect(stored).not.toContain('FROM \\"default\\"');
    expect(store().alerts.every((a) => a.alert.stream_name === 'llm_traces')).toBe(true);
  });

  it('links failing calls to their trace in the OpenObserve UI, under the base path and organization', () => {
    const connection = cliContext(
      doubleEnv(openobserve, { OPENOBSERVE_URL: 'https://o2.example.com/o2', OPENOBSERVE_ORG: 'acme' }),
    ).connection;
    const errors = loadDashboards(connection).find((d) => d.key === 'LLM calls: errors');
    const text = JSON.stringify(errors?.body);
    const link =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: OpenObserve's drilldown variables, not JavaScript
      '/o2/web/traces/trace-details?stream=default&trace_id=${row.field.trace_id}&from=${start_time}&to=${end_time}&org_identifier=acme';
    expect(text).toContain(link);
  });
});

describe('--dry-run', () => {
  it('reads only, and reports what install would create', async () => {
    await seedStream(openobserve);
    const changes = await install({ dryRun: true, destination: WEBHOOK });
    expect(writes(openobserve)).toEqual([]);
    expect(changes.filter((c) => c.action === 'created').map((c) => c.subject)).toEqual([
      'dashboard folder "LLM calls"',
      ...TITLES.map((t) => `dashboard "${t}"`),
      'alert destination "portobserve_llm_alerts"',
      'alert folder "LLM calls"',
      ...ALERTS.map((a) => `alert "${a}"`),
    ]);
    expect(store().folders).toEqual([]);
  });

  it('reports what uninstall would delete, and deletes nothing', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    const before = writes(openobserve).length;
    const changes = await uninstallOpenObserve(cliContext(doubleEnv(openobserve), true));
    expect(writes(openobserve)).toHaveLength(before);
    expect(changes.filter((c) => c.action === 'deleted')).toHaveLength(11);
    expect(store().dashboards).toHaveLength(4);
  });
});

describe('uninstall', () => {
  it('removes what install created, folders included, and finds nothing the second time', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    const changes = await uninstallOpenObserve(cliContext(doubleEnv(openobserve)));
    expect(actions(changes)).toEqual([
      ...ALERTS.map((a) => `deleted alert "${a}"`),
      'deleted alert destination "portobserve_llm_alerts"',
      'deleted alert folder "LLM calls"',
      ...TITLES.map((t) => `deleted dashboard "${t}"`),
      'deleted dashboard folder "LLM calls"',
    ]);
    expect([store().folders, store().dashboards, store().alerts, store().destinations]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    expect(actions(await uninstallOpenObserve(cliContext(doubleEnv(openobserve))))).toEqual([
      'unchanged OpenObserve',
    ]);
  });

  it('leaves what others added: their dashboard, alert and destination, and the folders holding them', async () => {
    await seedStream(openobserve);
    await install({ destination: WEBHOOK });
    const dashboardFolder = store().folders.find((f) => f.type === 'dashboards');
    const alertFolder = store().folders.find((f) => f.type === 'alerts');
    const mine = loadDashboards(cliContext(doubleEnv(openobserve)).connection)[0]?.body;
    expect(
      (
        await api('POST', `/api/default/dashboards?folder=${dashboardFolder?.folderId}`, {
          ...mine,
          title: 'My own',
        })
      ).status,
    ).toBe(200);
    await api('POST', '/api/default/alerts/destinations', {
      name: 'team_hook',
      type: 'http',
      url: 'https://hooks.example.com/team',
    });
    const own = { ...store().alerts[0]?.alert, id: undefined, name: 'my_alert', destinations: ['team_hook'] };
    expect((await api('POST', `/api/v2/default/alerts?folder=${alertFolder?.folderId}`, own)).status).toBe(
      200,
    );

    const changes = await uninstallOpenObserve(cliContext(doubleEnv(openobserve)));
    expect(changes.filter((c) => c.action === 'kept')).toEqual([
      {
        action: 'kept',
        subject: 'alert folder "LLM calls"',
        detail: 'it holds 1 alert portobserve did not install',
      },
      {
        action: 'kept',
        subject: 'dashboard folder "LLM calls"',
        detail: 'it holds 1 dashboard portobserve did not install',
      },
    ]);
    expect(store().dashboards.map((d) => d.v8.title)).toEqual(['My own']);
    expect(store().alerts.map((a) => a.alert.name)).toEqual(['my_alert']);
    expect(store().destinations.map((d) => d.name)).toEqual(['team_hook']);
  });

  it('keeps an "LLM calls" folder it did not create, and a webhook destination alerts of others still use', async () => {
    await seedStream(openobserve);
    await api('POST', '/api/v2/default/folders/dashboards', {
      name: 'LLM calls',
      description: 'made by hand',
    });
    await install({ destination: WEBHOOK });
    const own = { ...store().alerts[0]?.alert, id: undefined, name: 'my_alert' };
    expect((await api('POST', '/api/v2/default/alerts', own)).status).toBe(200);

    const changes = await uninstallOpenObserve(cliContext(doubleEnv(openobserve)));
    expect(changes).toContainEqual({
      action: 'kept',
      subject: 'dashboard folder "LLM calls"',
      detail: 'portobserve did not create it',
    });
    expect(changes).toContainEqual({
      action: 'kept',
      subject: 'alert destination "portobserve_llm_alerts"',
      detail: 'other alerts still use it',
    });
    expect(store().dashboards).toEqual([]);
    expect(store().folders.map((f) => [f.type, f.description])).toEqual([
      ['dashboards', 'made by hand'],
      ['alerts', 'default'],
    ]);
  });
});
