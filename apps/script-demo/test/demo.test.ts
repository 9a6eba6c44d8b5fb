import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectNoSecrets, type OpenObserveRow, runOpenObserveSql } from '@portobserve/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PrintedCall, parsePrintedStory } from './printed-story.js';
import { cleanEnv, type DemoRun, runDemo } from './run-demo.js';

const appDirectory = fileURLToPath(new URL('..', import.meta.url));
/** What the shell of a developer with their own settings may hold: the local mode must not use any. */
const SHELL_SETTINGS = {
  PORTKEY_API_KEY: 'pk-from-the-shell',
  PORTKEY_BASE_URL: 'http://127.0.0.1:9/v1',
  OPENAI_API_KEY: 'sk-from-the-shell',
  OPENOBSERVE_URL: 'http://127.0.0.1:9',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
};
const LOCAL_PROVIDER_KEY = 'sk-local-demo-key'; // the testkit stack's OPENAI_API_KEY
const TITLES = [
  'chat: one question, one answer',
  'streamed chat, with usage',
  'parallel tool calls',
  'an embedding',
  'an upstream 429',
  'a fallback config whose first target is down',
];
/** USD per token, the built-in prices of the models the demo calls (OPENAI_PRICES). */
const PRICE = {
  'gpt-4o-mini': { input: 0.15e-6, output: 0.6e-6 },
  'text-embedding-3-small': { input: 0.02e-6 },
};

let run: DemoRun;
let calls: PrintedCall[];

beforeAll(async () => {
  expect(existsSync(`${appDirectory}/.env`), 'this test needs the demo to run without a .env').toBe(false);
  run = await runDemo({ cwd: appDirectory, env: cleanEnv(SHELL_SETTINGS) });
  calls = parsePrintedStory(run.stdout);
}, 120_000);

/** The row the double stored for the nth call (by the trace id the demo printed). */
function stored(index: number): OpenObserveRow {
  const traceId = calls[index]?.traceId;
  const row = run.storedRows.find((found) => found.trace_id === traceId);
  if (row === undefined)
    throw new Error(`no stored row for call ${index + 1} (trace ${traceId}):\n${run.stdout}`);
  return row;
}

function printedNumbers(line: string | undefined, pattern: RegExp): number[] {
  const match = pattern.exec(line ?? '');
  if (!match) throw new Error(`"${line}" does not match ${pattern}`);
  return match.slice(1).map(Number);
}

describe('pnpm demo with no .env', () => {
  it('runs the six calls on the local stand-ins, printing only its own lines, whatever the shell points at', () => {
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'ignoring OPENAI_API_KEY, OPENOBSERVE_URL, OTEL_EXPORTER_OTLP_ENDPOINT, PORTKEY_API_KEY, PORTKEY_BASE_URL from your shell',
    );
    expect(run.stdout).not.toMatch(/\[portobserve\]|Error|^\s+at /m);
    expect(calls.map((call) => call.title)).toEqual(TITLES);
    for (const call of calls) expect(call, call.title).not.toHaveProperty('skipped');
    for (const call of calls) expect(call, call.title).not.toHaveProperty('failed');
    expect(run.stdout).toMatch(
      /^6 calls, 6 spans exported to http:\/\/127\.0\.0\.1:\d+\/api\/default\/v1\/traces \(dropped: 0\)$/m,
    );
  });

  it('stores one row per call, no call counted twice', () => {
    expect(run.storedRows).toHaveLength(6);
    expect(new Set(calls.map((call) => call.traceId)).size).toBe(6);
    for (const [index] of calls.entries()) expect(stored(index).span_kind).toBe('3'); // CLIENT
  });

  it('prints each row exactly as the OpenObserve double stored it', () => {
    for (const [index, call] of calls.entries()) {
      const row = stored(index);
      expect(Object.keys(call.row).length, call.title).toBeGreaterThan(5);
      for (const [column, printed] of Object.entries(call.row)) {
        expect(column in row, `${call.title}: ${column} is not in the stored row`).toBe(true);
        expect(printed, `${call.title}: ${column}`).toBe(String(row[column]));
      }
    }
  });

  it('1. chat: the seed table, the provider counts and our price, kept by OpenObserve', () => {
    const row = stored(0);
    expect(Object.keys(calls[0]?.row ?? {})).toEqual(
      expect.arrayContaining([
        'llm_model_name',
        'llm_request_parameters_model',
        'gen_ai_response_model',
        'llm_system',
        'llm_token_count_prompt',
        'llm_token_count_completion',
        'llm_token_count_total',
        'openinference_span_kind',
        'operation_name',
        'duration',
        'span_status',
      ]),
    );
    expect(row).toMatchObject({
      operation_name: 'ChatCompletion',
      span_status: 'OK',
      llm_model_name: 'gpt-4o-mini-2024-07-18',
      llm_request_parameters_model: 'gpt-4o-mini',
      gen_ai_request_model: 'gpt-4o-mini',
      gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
      llm_system: 'openai',
      gen_ai_provider_name: 'openai',
      portkey_provider: 'openai',
      openinference_span_kind: 'LLM',
      gen_ai_operation_name: 'chat',
      portkey_trace_id: row.trace_id,
      service_name: 'script-demo',
    });
    const lines = calls[0]?.lines ?? [];
    expect(lines[0]).toBe('answer: Hello from the fake upstream.');
    const [prompt = 0, completion = 0] = printedNumbers(
      lines[1],
      /^tokens: (\d+) prompt \+ (\d+) completion$/,
    );
    expect(prompt).toBeGreaterThan(0);
    expect(row).toMatchObject({
      gen_ai_usage_input_tokens: prompt,
      gen_ai_usage_output_tokens: completion,
      gen_ai_usage_total_tokens: prompt + completion,
      llm_token_count_prompt: String(prompt),
      llm_token_count_completion: String(completion),
      llm_token_count_total: String(prompt + completion),
    });
    const price = PRICE['gpt-4o-mini'];
    expect(row.gen_ai_usage_cost).toBeCloseTo(prompt * price.input + completion * price.output, 12);
    expect(row, 'OpenObserve keeps our counts and our cost').not.toHaveProperty('_double_usage_estimated');
    expect(row).not.toHaveProperty('_double_cost_computed');
    expect(JSON.parse(String(row.gen_ai_input_messages))).toEqual([
      { role: 'user', content: 'Say hello to OpenObserve in one sentence.' },
    ]);
    expect(JSON.parse(String(row.gen_ai_output_messages))).toEqual([
      { role: 'assistant', content: 'Hello from the fake upstream.', finish_reason: 'stop' },
    ]);
    expect(Number(row.duration)).toBeGreaterThan(0);
  });

  it('2. streamed chat: one span for the stream, with its end, first-chunk time and usage', () => {
    const row = stored(1);
    expect(Object.keys(calls[1]?.row ?? {})).toEqual(
      expect.arrayContaining(['portobserve_stream_end', 'gen_ai_response_time_to_first_chunk']),
    );
    expect(row).toMatchObject({
      span_status: 'OK',
      portobserve_stream_end: 'complete',
      gen_ai_request_stream: 'true',
    });
    const lines = calls[1]?.lines ?? [];
    expect(lines[0]).toMatch(/^streamed: Hello from the fake upstream\. \(\d+ chunks\)$/);
    const [prompt = 0, completion = 0] = printedNumbers(
      lines[1],
      /^tokens \(the usage chunk\): (\d+) prompt \+ (\d+) completion$/,
    );
    expect(row).toMatchObject({ gen_ai_usage_input_tokens: prompt, gen_ai_usage_output_tokens: completion });
    expect(completion).toBeGreaterThan(0);
    const firstChunkSeconds = Number(row.gen_ai_response_time_to_first_chunk);
    expect(firstChunkSeconds).toBeGreaterThan(0);
    expect(firstChunkSeconds).toBeLessThan(Number(row.duration) / 1e6);
    expect(JSON.parse(String(row.gen_ai_output_messages))[0]?.content).toBe('Hello from the fake upstream.');
  });

  it('3. parallel tool calls: the tool offered and both calls, in the output messages', () => {
    const row = stored(2);
    expect(calls[2]?.lines).toEqual([
      'tool calls: get_weather({"city":"Paris"}), get_weather({"city":"Tokyo"})',
    ]);
    expect(row).toMatchObject({
      span_status: 'OK',
      gen_ai_response_finish_reasons: '["tool_calls"]',
      gen_ai_request_parallel_tool_calls: 'true',
    });
    const [answer] = JSON.parse(String(row.gen_ai_output_messages)) as Array<{
      tool_calls: Array<{ function: { name: string; arguments: string } }>;
    }>;
    expect(answer?.tool_calls.map((call) => [call.function.name, call.function.arguments])).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Tokyo"}'],
    ]);
    expect(JSON.parse(String(row.gen_ai_tool_definitions))[0]?.function.name).toBe('get_weather');
  });

  it('4. embedding: operation embeddings, input tokens only, its own price', () => {
    const row = stored(3);
    const [dimensions = 0, tokens = 0] = printedNumbers(
      calls[3]?.lines[0],
      /^embedding: (\d+) numbers, (\d+) input tokens$/,
    );
    expect(dimensions).toBeGreaterThan(0);
    expect(row).toMatchObject({
      operation_name: 'Embeddings',
      span_status: 'OK',
      gen_ai_operation_name: 'embeddings',
      openinference_span_kind: 'EMBEDDING',
      gen_ai_request_model: 'text-embedding-3-small',
      gen_ai_usage_input_tokens: tokens,
    });
    expect(row.gen_ai_usage_cost).toBeCloseTo(tokens * PRICE['text-embedding-3-small'].input, 12);
    expect(row).not.toHaveProperty('_double_usage_estimated');
  });

  it('5. upstream 429: an ERROR row with error_type 429 and no tokens OpenObserve would estimate', () => {
    const row = stored(4);
    expect(calls[4]?.lines).toEqual([
      'the gateway answered 429 openai error: Rate limit reached for requests.',
    ]);
    expect(row).toMatchObject({
      operation_name: 'ChatCompletion',
      span_status: 'ERROR',
      error_type: '429',
      gen_ai_usage_total_tokens: 0,
      gen_ai_usage_cost: 0,
    });
    expect(String(row.status_message)).toContain('Rate limit reached');
    expect(row, 'no content left for OpenObserve to estimate tokens from').not.toHaveProperty(
      '_double_usage_estimated',
    );
    expect(row).not.toHaveProperty('gen_ai_input_messages');
  });

  it('6. fallback: the first target is down, the second answers', () => {
    const row = stored(5);
    const lines = calls[5]?.lines ?? [];
    expect(lines[0]).toMatch(
      /^x-portkey-config: \{"strategy":\{"mode":"fallback"\},"targets":\[\{"provider":"openai","api_key":"…","custom_host":"http:\/\/127\.0\.0\.1:\d+\/v1"\},\{"provider":"openai","api_key":"…","custom_host":"http:\/\/127\.0\.0\.1:\d+\/v1"\}\]\}$/,
    );
    expect(lines).toContain(
      'answered by config.targets[1] (x-portkey-last-used-option-index): Hello from the fake upstream.',
    );
    expect(Object.keys(calls[5]?.row ?? {})).toContain('portkey_last_used_option_index');
    expect(row).toMatchObject({
      span_status: 'OK',
      portkey_last_used_option_index: 'config.targets[1]',
      portkey_provider: 'openai',
      gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
    });
  });

  it('prints a UI path and a SQL query that find each call', async () => {
    const rows = run.storedRows;
    for (const [index, call] of calls.entries()) {
      const row = stored(index);
      const ui = new URL(String(call.ui), 'http://openobserve.example');
      expect(ui.pathname, call.title).toBe('/web/traces/trace-details');
      expect(Object.fromEntries(ui.searchParams)).toMatchObject({
        stream: 'default',
        trace_id: row.trace_id,
        org_identifier: 'default',
      });
      expect(Number(ui.searchParams.get('from'))).toBeLessThanOrEqual(Number(row._timestamp));
      expect(Number(ui.searchParams.get('to'))).toBeGreaterThanOrEqual(Number(row._timestamp));
      expect(call.sql, call.title).toMatch(
        new RegExp(`^SELECT [\\w, ]+ FROM "default" WHERE trace_id = '${row.trace_id}'$`),
      );
      const found = await runOpenObserveSql(String(call.sql), { default: rows });
      expect(found, call.title).toHaveLength(1);
      for (const [column, value] of Object.entries(found[0] ?? {})) {
        expect(String(value), `${call.title}: ${column}`).toBe(String(row[column]));
      }
    }
    const all = /^all of them: (SELECT .*)$/m.exec(run.stdout)?.[1];
    const everyCall = await runOpenObserveSql(String(all), { default: rows });
    expect(everyCall.map((found) => [found.span_status, found.portkey_last_used_option_index])).toEqual([
      ['OK', 'config'],
      ['OK', 'config'],
      ['OK', 'config'],
      ['OK', 'config'],
      ['ERROR', 'config'],
      ['OK', 'config.targets[1]'],
    ]);
  });

  it('shows no key, neither in what it prints nor in what it exported', () => {
    expectNoSecrets({ output: `${run.stdout}${run.stderr}`, exported: JSON.stringify(run.storedRows) }, [
      LOCAL_PROVIDER_KEY,
      SHELL_SETTINGS.PORTKEY_API_KEY,
      SHELL_SETTINGS.OPENAI_API_KEY,
    ]);
  });
});
