import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OpenObserveDouble, startOpenObserve } from '../start-openobserve.js';
import { makeRequest, makeSpan, nanosFromNow } from '../test-fixtures.js';

let openobserve: OpenObserveDouble;

beforeAll(async () => {
  openobserve = await startOpenObserve();
});
afterEach(() => openobserve.reset());
afterAll(() => openobserve.close());

interface Answer {
  status: number;
  body: unknown;
  text: string;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${openobserve.url}${path}`, {
    method,
    headers: {
      authorization: openobserve.authToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain-text answer
  }
  return { status: response.status, body: parsed, text };
}

function panel(id: string, i: number, fields: Record<string, unknown> = {}) {
  return {
    id,
    type: 'line',
    title: `Panel ${id}`,
    description: '',
    config: { show_legends: true },
    queryType: 'sql',
    queries: [
      {
        query:
          'SELECT histogram(_timestamp) AS x_axis_1, COUNT(*) AS y_axis_1 FROM "default" GROUP BY x_axis_1',
        customQuery: true,
        fields: {
          stream: 'default',
          stream_type: 'traces',
          x: [{ label: 'Time', alias: 'x_axis_1', column: 'x_axis_1', color: null, type: 'custom' }],
          y: [{ label: 'Calls', alias: 'y_axis_1', column: 'y_axis_1', color: null, type: 'custom' }],
          z: [],
          filter: { filterType: 'group', logicalOperator: 'AND', conditions: [] },
        },
        config: { promql_legend: '' },
      },
    ],
    layout: { x: 0, y: 0, w: 96, h: 18, i },
    ...fields,
  };
}

function dashboard(extra: Record<string, unknown> = {}) {
  return {
    version: 8,
    title: 'LLM usage',
    description: 'calls',
    tabs: [{ tabId: 'default', name: 'Default', panels: [panel('Panel_1', 1)] }],
    ...extra,
  };
}

async function ingest(offsetMs: number, attributes: Record<string, string>, status = 1): Promise<void> {
  const start = BigInt(nanosFromNow(offsetMs));
  const span = makeSpan({
    spanId: Math.floor(Math.random() * 2 ** 48)
      .toString(16)
      .padStart(16, '0'),
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 2_000_000n).toString(),
    status: { code: status },
    attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: { stringValue: value } })),
  });
  const response = await call('POST', '/api/default/v1/traces', makeRequest([span]));
  expect(response.status).toBe(200);
}

describe('auth and routing', () => {
  it('answers 401 without the Basic credentials, as on ingest', async () => {
    const answer = await call('GET', '/api/default/dashboards', undefined, {
      authorization: 'Basic bm9wZTpub3Bl',
    });
    expect(answer).toMatchObject({ status: 401, text: 'Unauthorized Access' });
  });

  it('leaves unknown paths to the ingest routes (404)', async () => {
    expect((await call('GET', '/api/default/nothing-here')).status).toBe(404);
  });
});

describe('folders', () => {
  it('creates, finds by name, refuses a duplicate name and deletes an empty folder', async () => {
    const created = await call('POST', '/api/v2/default/folders/dashboards', {
      name: ' LLM calls ',
      description: 'mine',
    });
    expect(created.status).toBe(200);
    const folder = created.body as { folderId: string; name: string };
    expect(folder).toMatchObject({ name: 'LLM calls', description: 'mine' });
    expect(folder.folderId).toMatch(/^\d+$/);

    expect(await call('GET', '/api/v2/default/folders/dashboards/name/LLM%20calls')).toMatchObject({
      status: 200,
      body: folder,
    });
    expect(
      await call('POST', '/api/v2/default/folders/dashboards', { name: 'LLM calls', description: '' }),
    ).toMatchObject({
      status: 400,
      body: { message: 'Folder with this name already exists in this organization' },
    });
    // Same name, other type: fine.
    expect(
      (await call('POST', '/api/v2/default/folders/alerts', { name: 'LLM calls', description: '' })).status,
    ).toBe(200);
    expect((await call('GET', '/api/v2/default/folders/dashboards')).body).toEqual({ list: [folder] });
    expect((await call('DELETE', `/api/v2/default/folders/dashboards/${folder.folderId}`)).status).toBe(200);
    expect(
      (await call('DELETE', `/api/v2/default/folders/dashboards/${folder.folderId}`)).body,
    ).toMatchObject({
      code: 404,
      message: 'Folder not found',
    });
  });

  it('refuses an empty name, a body without description, and updating the default folder', async () => {
    expect(
      (await call('POST', '/api/v2/default/folders/dashboards', { name: '  ', description: '' })).status,
    ).toBe(400);
    const missing = await call('POST', '/api/v2/default/folders/dashboards', { name: 'x' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('missing field `description`');
    expect(
      (await call('PUT', '/api/v2/default/folders/dashboards/default', { name: 'x', description: '' })).body,
    ).toMatchObject({ message: "Can't update default folder" });
  });
});

describe('dashboards', () => {
  it('creates in default, stores the struct written back, and lists it', async () => {
    const created = await call('POST', '/api/default/dashboards', dashboard({ unknownKey: 'dropped' }));
    expect(created.status).toBe(200);
    const body = created.body as { v8: Record<string, unknown>; version: number; hash: string; v1: null };
    expect(body).toMatchObject({ version: 8, v1: null });
    expect(body.hash).toMatch(/^\d+$/);
    expect(body.v8).not.toHaveProperty('unknownKey');
    expect(body.v8).toMatchObject({ title: 'LLM usage', owner: openobserve.email, role: '' });
    const stored = body.v8 as {
      tabs: { panels: Record<string, unknown>[] }[];
      dashboardId: string;
      created: string;
    };
    expect(stored.dashboardId).toMatch(/^\d+$/);
    expect(Date.parse(stored.created)).toBeGreaterThan(0);
    // Option fields that are not skipped come back as null; defaults are filled in.
    expect(stored.tabs[0]?.panels[0]?.config).toEqual({
      show_legends: true,
      legends_position: null,
      base_map: null,
      map_view: null,
    });
    expect(stored.tabs[0]?.panels[0]?.queries).toMatchObject([{ vrlFunctionQuery: null }]);

    const listed = await call('GET', '/api/default/dashboards');
    expect(listed.body).toMatchObject({
      dashboards: [{ dashboard_id: stored.dashboardId, folder_id: 'default', title: 'LLM usage' }],
    });
    expect((await call('GET', '/api/v2/default/folders/dashboards')).body).toMatchObject({
      list: [{ folderId: 'default' }],
    });
  });

  it('refuses an unknown folder (404), a missing required field (422), a bad version (422) and an empty title (500)', async () => {
    expect(await call('POST', '/api/default/dashboards?folder=42', dashboard())).toMatchObject({
      status: 404,
      body: { message: 'Folder not found' },
    });
    const noConfig = dashboard({
      tabs: [{ tabId: 't', name: 'T', panels: [{ ...panel('P', 1), config: undefined }] }],
    });
    const missing = await call('POST', '/api/default/dashboards', noConfig);
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('missing field `config`');
    const noLegend = await call(
      'POST',
      '/api/default/dashboards',
      dashboard({ tabs: [{ tabId: 't', name: 'T', panels: [panel('P', 1, { config: {} })] }] }),
    );
    expect(noLegend.text).toContain('missing field `show_legends`');
    expect((await call('POST', '/api/default/dashboards', dashboard({ version: 9 }))).text).toContain(
      'unsupported version: 9',
    );
    expect(await call('POST', '/api/default/dashboards', dashboard({ title: '  ' }))).toMatchObject({
      status: 500,
      body: { message: 'Dashboard should have title' },
    });
    const filterArray = panel('P', 1);
    (filterArray.queries[0]?.fields as Record<string, unknown>).filter = [];
    const badFilter = await call(
      'POST',
      '/api/default/dashboards',
      dashboard({ tabs: [{ tabId: 't', name: 'T', panels: [filterArray] }] }),
    );
    expect(badFilter.text).toContain('did not match any variant of untagged enum PanelFilter');
  });

  it('refuses what the UI would not import: duplicate panel ids, missing layout, unknown type, AS _timestamp', async () => {
    const twice = dashboard({ tabs: [{ tabId: 't', name: 'T', panels: [panel('P', 1), panel('P', 2)] }] });
    expect((await call('POST', '/api/default/dashboards', twice)).text).toContain('Duplicate panel ID: P');
    const noLayout = dashboard({
      tabs: [{ tabId: 't', name: 'T', panels: [{ ...panel('P', 1), layout: undefined }] }],
    });
    expect((await call('POST', '/api/default/dashboards', noLayout)).text).toContain('missing layout.i');
    const pie3d = dashboard({
      tabs: [{ tabId: 't', name: 'T', panels: [panel('P', 1, { type: 'pie3d' })] }],
    });
    expect((await call('POST', '/api/default/dashboards', pie3d)).text).toContain(
      'chart type pie3d is not supported',
    );
    const aliased = panel('P', 1);
    (aliased.queries[0] as { query: string }).query = 'SELECT _timestamp AS _timestamp FROM "default"';
    const timestamp = dashboard({ tabs: [{ tabId: 't', name: 'T', panels: [aliased] }] });
    expect((await call('POST', '/api/default/dashboards', timestamp)).text).toContain(
      "alias '_timestamp' is not allowed",
    );
  });

  it('updates only with the folder and the current hash: 500 without, 409 stale, 404 elsewhere', async () => {
    const folder = (await call('POST', '/api/v2/default/folders/dashboards', { name: 'F', description: '' }))
      .body as {
      folderId: string;
    };
    const created = (await call('POST', `/api/default/dashboards?folder=${folder.folderId}`, dashboard()))
      .body as {
      v8: { dashboardId: string };
      hash: string;
    };
    const id = created.v8.dashboardId;
    const changed = dashboard({ description: 'changed' });
    expect(
      await call('PUT', `/api/default/dashboards/${id}?folder=${folder.folderId}`, changed),
    ).toMatchObject({
      status: 500,
      body: { message: 'Request to update existing dashboard with missing or invalid hash value. BUG' },
    });
    expect(
      (await call('PUT', `/api/default/dashboards/${id}?folder=${folder.folderId}&hash=1`, changed)).status,
    ).toBe(409);
    expect((await call('PUT', `/api/default/dashboards/${id}?hash=${created.hash}`, changed)).status).toBe(
      404,
    );
    const updated = await call(
      'PUT',
      `/api/default/dashboards/${id}?folder=${folder.folderId}&hash=${created.hash}`,
      changed,
    );
    expect(updated.status).toBe(200);
    const after = updated.body as { hash: string; v8: { description: string; dashboardId: string } };
    expect(after.v8).toMatchObject({ description: 'changed', dashboardId: id });
    expect(after.hash).not.toBe(created.hash);
    expect(
      (
        await call(
          'PUT',
          `/api/default/dashboards/${id}?folder=${folder.folderId}&hash=${created.hash}`,
          changed,
        )
      ).status,
    ).toBe(409);
    expect((await call('GET', `/api/default/dashboards/${id}`)).body).toEqual(after);
    expect(
      (await call('DELETE', `/api/v2/default/folders/dashboards/${folder.folderId}`)).body,
    ).toMatchObject({
      message: 'Folder contains dashboards, please move/delete dashboards from folder',
    });
    expect((await call('DELETE', `/api/default/dashboards/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/default/dashboards/${id}`)).status).toBe(404);
  });
});

describe('destinations', () => {
  it('creates a webhook, refuses loopback (SSRF), bad names and duplicates, and keeps one in use', async () => {
    const webhook = { name: 'llm_hook', type: 'http', url: 'https://hooks.example.com/o2', method: 'post' };
    expect(await call('POST', '/api/default/alerts/destinations', webhook)).toMatchObject({
      status: 200,
      body: { message: 'Destination saved', name: 'llm_hook' },
    });
    expect((await call('POST', '/api/default/alerts/destinations', webhook)).body).toMatchObject({
      message: 'Destination with the same name already exists',
    });
    const loopback = await call('POST', '/api/default/alerts/destinations', {
      ...webhook,
      name: 'x',
      url: 'http://127.0.0.1:9/x',
    });
    expect(loopback.body).toMatchObject({ code: 400 });
    expect((loopback.body as { message: string }).message).toMatch(/^Destination URL blocked by SSRF guard/);
    expect((await call('POST', '/api/default/alerts/destinations', { ...webhook, name: 'a b' })).status).toBe(
      400,
    );
    expect((await call('GET', '/api/default/alerts/destinations/llm_hook')).body).toEqual({
      name: 'llm_hook',
      url: 'https://hooks.example.com/o2',
      method: 'post',
      skip_tls_verify: false,
      emails: [],
      type: 'http',
      metadata: {},
    });
    expect((await call('GET', '/api/default/alerts/destinations/nope')).status).toBe(404);
    expect((await call('DELETE', '/api/default/alerts/destinations/llm_hook')).status).toBe(200);
    expect((await call('DELETE', '/api/default/alerts/destinations/llm_hook')).status).toBe(404);
  });
});

describe('alerts', () => {
  const sqlAlert = (fields: Record<string, unknown> = {}) => ({
    name: 'llm_errors',
    stream_type: 'traces',
    stream_name: 'default',
    enabled: true,
    query_condition: {
      type: 'sql',
      sql: `SELECT service_name, COUNT(*) AS failed FROM "default" WHERE span_status = 'ERROR' GROUP BY service_name HAVING COUNT(*) > 1`,
    },
    trigger_condition: { period: 5, operator: '>=', threshold: 1, frequency: 5, silence: 10 },
    destinations: ['llm_hook'],
    ...fields,
  });

  async function withDestinationAndData(): Promise<void> {
    await call('POST', '/api/default/alerts/destinations', {
      name: 'llm_hook',
      type: 'http',
      url: 'https://hooks.example.com/o2',
    });
    await ingest(-1000, { 'gen_ai.operation.name': 'chat' });
  }

  it('refuses an alert without a destination, with an unknown one, or before the stream has data', async () => {
    expect(await call('POST', '/api/v2/default/alerts', sqlAlert({ destinations: [] }))).toMatchObject({
      status: 400,
      body: { message: 'Alert destination or workflows is required' },
    });
    await call('POST', '/api/default/alerts/destinations', {
      name: 'llm_hook',
      type: 'http',
      url: 'https://hooks.example.com/o2',
    });
    expect(
      (await call('POST', '/api/v2/default/alerts', sqlAlert({ destinations: ['other'] }))).body,
    ).toMatchObject({
      code: 404,
      message: 'Alert destination other not found',
    });
    expect((await call('POST', '/api/v2/default/alerts', sqlAlert())).body).toMatchObject({
      code: 404,
      message: 'Stream default not found',
    });
  });

  it('refuses SELECT *, missing SQL, bad names, and trigger values that are not whole minutes', async () => {
    await withDestinationAndData();
    const star = sqlAlert({ query_condition: { type: 'sql', sql: 'SELECT * FROM "default"' } });
    expect((await call('POST', '/api/v2/default/alerts', star)).body).toMatchObject({
      message: 'Alert with SQL can not contain SELECT * in the SQL query',
    });
    expect(
      (await call('POST', '/api/v2/default/alerts', sqlAlert({ query_condition: { type: 'sql' } }))).body,
    ).toMatchObject({
      message: 'Alert with SQL mode should have a query',
    });
    expect((await call('POST', '/api/v2/default/alerts', sqlAlert({ name: 'llm errors' }))).status).toBe(400);
    expect((await call('POST', '/api/v2/default/alerts', sqlAlert({ name: 'llm/errors' }))).status).toBe(400);
    const seconds = await call(
      'POST',
      '/api/v2/default/alerts',
      sqlAlert({
        trigger_condition: { period: 0.5, operator: '>=', threshold: 1, frequency: 5, silence: 10 },
      }),
    );
    expect(seconds.status).toBe(422);
    const operator = await call(
      'POST',
      '/api/v2/default/alerts',
      sqlAlert({ trigger_condition: { period: 5, operator: 'gt', threshold: 1 } }),
    );
    expect(operator.text).toContain('unknown variant');
  });

  it('creates (KSUID), reads back the normalised alert, refuses the same name twice, updates and deletes', async () => {
    await withDestinationAndData();
    const folder = (
      await call('POST', '/api/v2/default/folders/alerts', { name: 'LLM calls', description: '' })
    ).body as {
      folderId: string;
    };
    expect((await call('POST', '/api/v2/default/alerts?folder=404', sqlAlert())).status).toBe(404);
    const created = await call('POST', `/api/v2/default/alerts?folder=${folder.folderId}`, sqlAlert());
    expect(created.body).toMatchObject({ code: 200, message: 'Alert saved', name: 'llm_errors' });
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^[0-9A-Za-z]{27}$/);
    const read = (await call('GET', `/api/v2/default/alerts/${id}`)).body as Record<string, unknown>;
    expect(read).toMatchObject({
      id,
      name: 'llm_errors',
      org_id: 'default',
      owner: openobserve.email,
      trigger_condition: {
        period: 5,
        frequency: 5,
        silence: 10,
        cron: '',
        frequency_type: 'minutes',
        align_time: true,
      },
      query_condition: { type: 'sql', conditions: null, aggregation: null },
    });
    expect((await call('POST', `/api/v2/default/alerts?folder=${folder.folderId}`, sqlAlert())).status).toBe(
      500,
    );
    expect((await call('GET', `/api/v2/default/alerts?folder=${folder.folderId}`)).body).toMatchObject({
      list: [{ alert_id: id, name: 'llm_errors', folder_name: 'LLM calls', alert_type: 'scheduled' }],
    });
    expect(
      (await call('PUT', `/api/v2/default/alerts/${id}`, sqlAlert({ enabled: false }))).body,
    ).toMatchObject({
      message: 'Alert Updated',
    });
    expect((await call('GET', `/api/v2/default/alerts/${id}`)).body).toMatchObject({ enabled: false });
    expect((await call('DELETE', '/api/default/alerts/destinations/llm_hook')).status).toBe(409);
    expect((await call('GET', '/api/v2/default/alerts/12')).body).toMatchObject({
      message: 'invalid alert id 12',
    });
    expect((await call('DELETE', `/api/v2/default/alerts/${id}`)).status).toBe(200);
    expect((await call('GET', `/api/v2/default/alerts/${id}`)).status).toBe(404);
  });

  it('fires on the rows the SQL returns over the last `period` minutes', async () => {
    await withDestinationAndData();
    await ingest(-60_000, { 'gen_ai.operation.name': 'chat' }, 2);
    await ingest(-30_000, { 'gen_ai.operation.name': 'chat' }, 2);
    // Ten minutes ago: outside a 5-minute period.
    await ingest(-10 * 60_000, { 'gen_ai.operation.name': 'chat' }, 2);
    await call('POST', '/api/v2/default/alerts', sqlAlert());
    await call(
      'POST',
      '/api/v2/default/alerts',
      sqlAlert({
        name: 'llm_errors_strict',
        query_condition: {
          ...sqlAlert().query_condition,
          sql: sqlAlert().query_condition.sql.replace('> 1', '> 2'),
        },
      }),
    );
    await call(
      'POST',
      '/api/v2/default/alerts',
      sqlAlert({
        name: 'llm_errors_15m',
        trigger_condition: { period: 15, operator: '>=', threshold: 1, frequency: 5 },
      }),
    );
    const results = await openobserve.management.evaluateAlerts();
    const fired = Object.fromEntries(results.map((r) => [r.name, r.fired]));
    expect(fired).toEqual({ llm_errors: true, llm_errors_strict: false, llm_errors_15m: true });
    expect(results.find((r) => r.name === 'llm_errors')?.rows).toEqual([
      { service_name: 'test-service', failed: 2 },
    ]);
  });
});

describe('stream schema', () => {
  it('answers 404 before the first data and the columns after', async () => {
    expect((await call('GET', '/api/default/streams/default/schema?type=traces')).body).toMatchObject({
      code: 404,
      message: 'stream not found',
    });
    await ingest(-1000, { 'gen_ai.operation.name': 'chat' });
    const schema = (await call('GET', '/api/default/streams/Default/schema?type=traces')).body as {
      schema: { name: string; type: string }[];
    };
    expect(schema.schema).toContainEqual({ name: 'gen_ai_operation_name', type: 'Utf8' });
    expect(schema.schema).toContainEqual({ name: 'duration', type: 'Int64' });
  });

  it('adds fields with update_fields: the schema lists them and SQL reads them as NULL', async () => {
    const fields = { fields: [{ name: 'portkey_config_id', data_type: 'Utf8' }] };
    expect((await call('PUT', '/api/default/streams/default/update_fields?type=traces', fields)).status).toBe(
      400,
    );
    await ingest(-1000, { 'gen_ai.operation.name': 'chat' });
    expect(
      (
        await call('PUT', '/api/default/streams/default/update_fields?type=traces', {
          fields: [{ name: 'x', data_type: 'Int32' }],
        })
      ).body,
    ).toMatchObject({ code: 400, message: "Unsupported data_type 'Int32' for field 'x'" });
    expect(
      (await call('PUT', '/api/default/streams/default/update_fields?type=traces', fields)).body,
    ).toMatchObject({
      message: 'fields updated',
    });
    const schema = (await call('GET', '/api/default/streams/default/schema?type=traces')).body as {
      schema: { name: string; type: string }[];
    };
    expect(schema.schema).toContainEqual({ name: 'portkey_config_id', type: 'Utf8' });
    await call('POST', '/api/default/alerts/destinations', {
      name: 'hook',
      type: 'http',
      url: 'https://hooks.example.com/o2',
    });
    await call('POST', '/api/v2/default/alerts', {
      name: 'by_config',
      stream_type: 'traces',
      stream_name: 'default',
      enabled: true,
      query_condition: {
        type: 'sql',
        sql: 'SELECT portkey_config_id, COUNT(*) AS calls FROM "default" GROUP BY portkey_config_id',
      },
      trigger_condition: { period: 5, operator: '>=', threshold: 1, frequency: 5 },
      destinations: ['hook'],
    });
    const [run] = await openobserve.management.evaluateAlerts();
    expect(run?.rows).toEqual([{ portkey_config_id: null, calls: 1 }]);
  });
});
