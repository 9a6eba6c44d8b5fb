#!/usr/bin/env node
/**
 * `pnpm start`: runs `next start` (after `pnpm build`). With a `.env` or PORTKEY_* / OPENOBSERVE_*
 * in the environment it uses your Portkey and OpenObserve. Without, it first starts local defaults:
 * the real Portkey gateway (from npm), a fake OpenAI upstream and an OpenObserve stand-in, points the
 * environment at them, and prints each request and LLM span the stand-in receives.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const port = process.env.PORT ?? '3000';
if (existsSync('.env') && typeof process.loadEnvFile === 'function') process.loadEnvFile('.env');
const local = needsLocalStack() ? await startLocalStack() : undefined;

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const next = spawn(process.execPath, [nextBin, 'start', '--port', port], {
  stdio: 'inherit',
  env: { NEXT_TELEMETRY_DISABLED: '1', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => next.kill(signal));
next.on('exit', async (code, signal) => {
  await local?.stop();
  process.exit(code ?? (signal ? 1 : 0));
});

function needsLocalStack() {
  return !process.env.PORTKEY_BASE_URL && !process.env.PORTKEY_API_KEY && !process.env.OPENOBSERVE_URL;
}

async function startLocalStack() {
  const { startLocalStack: startTestkitStack } = await import('@portobserve/testkit');
  const stack = await startTestkitStack({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'next-demo' });
  Object.assign(process.env, stack.env);
  const { openobserve } = stack;
  console.log(`open http://localhost:${port} and ask; spans arrive at the stand-in ${openobserve.url}`);
  let printed = 0;
  const printer = setInterval(() => {
    const rows = openobserve.rows();
    // Requests (SERVER spans) and LLM calls; Next.js's other spans are exported too.
    const shown = rows
      .slice(printed)
      .filter((row) => row.span_kind === '2' || row.openinference_span_kind === 'LLM');
    for (const row of shown) {
      const tokens = row.llm_token_count_total ? ` tokens=${row.llm_token_count_total}` : '';
      console.log(`span  ${row.operation_name}  trace=${row.trace_id} status=${row.span_status}${tokens}`);
    }
    printed = rows.length;
  }, 1000);
  return {
    async stop() {
      clearInterval(printer);
      await stack.stop();
    },
  };
}
