import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const appDirectory = fileURLToPath(new URL('..', import.meta.url));

it('runs on local defaults with no .env and prints the row OpenObserve would show', () => {
  expect(existsSync(`${appDirectory}/.env`), 'this test needs the demo to run without a .env').toBe(false);
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(OPENOBSERVE|PORTKEY|OPENAI|OTEL)_/.test(name)) delete env[name];
  }
  const run = spawnSync(process.execPath, ['dist/main.js'], {
    cwd: appDirectory,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  expect(run.status, output).toBe(0);
  expect(output).toContain('answer: Hello from the fake upstream.');
  expect(output).toMatch(
    /spans exported to http:\/\/127\.0\.0\.1:\d+\/api\/default\/v1\/traces: 1 \(dropped: 0\)/,
  );
  const row = Object.fromEntries(
    [...output.matchAll(/^ {2}(\w+)\s+(.*)$/gm)].map((match) => [match[1], match[2]?.trim()]),
  );
  expect(row).toMatchObject({
    operation_name: 'ChatCompletion',
    llm_model_name: 'gpt-4o-mini-2024-07-18',
    llm_request_parameters_model: 'gpt-4o-mini',
    gen_ai_response_model: 'gpt-4o-mini-2024-07-18',
    llm_system: 'openai',
    openinference_span_kind: 'LLM',
    span_status: 'OK',
    service_name: 'script-demo',
  });
  expect(Number(row.llm_token_count_total)).toBe(
    Number(row.llm_token_count_prompt) + Number(row.llm_token_count_completion),
  );
  expect(Number(row.duration)).toBeGreaterThan(0);
});
