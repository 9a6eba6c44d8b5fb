import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type LocalStack, startLocalStack } from '@portobserve/testkit';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

// The compiled README examples (written by `pnpm build`, i.e. src/cli.mjs), run as a user would run
// them, with only the environment pointing them at the local stack: the real Portkey gateway, the fake
// OpenAI upstream and the OpenObserve double.

const examplesDirectory = fileURLToPath(new URL('../dist/examples/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${examplesDirectory}manifest.json`, 'utf8')) as {
  readme: string;
  line: number;
  output: string;
}[];

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ serviceName: 'readme-example' });
});
afterAll(async () => {
  await stack?.stop();
});
beforeEach(() => {
  stack.openobserve.reset();
  stack.upstream.requests.length = 0;
});

it("runs the root README's first example through the gateway, and its span reaches OpenObserve", async () => {
  const run = await runExample(firstExample('README.md'), stack.env);
  expect(run.code, run.output).toBe(0);
  expect(run.stdout).toBe('Hello from the fake upstream.\n');
  expect(stack.upstream.requests).toHaveLength(1); // the gateway routed it to the fake upstream

  const rows = await stack.openobserve.waitForRows((found) => found.length > 0);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    operation_name: 'ChatCompletion',
    service_name: 'readme-example',
    llm_model_name: 'gpt-4o-mini-2024-07-18',
    portkey_provider: 'openai',
    span_status: 'OK',
  });
  expect(Number(rows[0]?.llm_token_count_total)).toBeGreaterThan(0);
});

it("runs the core README's first example, with its session and user on the span", async () => {
  // `new OpenAI()` with no options: OPENAI_BASE_URL and OPENAI_API_KEY from the environment.
  const env = { ...stack.env, OPENAI_BASE_URL: stack.upstream.baseURL };
  const run = await runExample(firstExample('packages/core/README.md'), env);
  expect(run.code, run.output).toBe(0);
  expect(run.stdout).toBe('Hello from the fake upstream.\n');

  const rows = await stack.openobserve.waitForRows((found) => found.length > 0);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    operation_name: 'ChatCompletion',
    service_name: 'readme-example',
    session_id: 'chat-42',
    user_id: 'u-7',
    span_status: 'OK',
  });
});

function firstExample(readme: string): string {
  const example = manifest.find((entry) => entry.readme === readme);
  if (!example) throw new Error(`no compiled example of ${readme} in ${examplesDirectory}manifest.json`);
  return `${examplesDirectory}${example.output}`;
}

/** Runs a compiled example with a clean environment: nothing of the developer's own settings leaks in. */
function runExample(file: string, settings: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...settings };
  return new Promise<{ code: number | null; stdout: string; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output });
    });
  });
}
