/**
 * The plain-script demo: six LLM calls through the Portkey gateway (a chat, a streamed chat, parallel
 * tool calls, an embedding, an upstream 429 and a fallback config whose first target is down), each
 * traced to OpenObserve by `openobserveInit()` and `instrumentOpenAI()`, with a plain `openai` client.
 *
 * With no `.env` it starts the local stand-ins (the real Portkey gateway, a fake OpenAI upstream and an
 * OpenObserve double) and prints each call's row as OpenObserve stores it. With a `.env` (see
 * `.env.example`) it uses your Portkey and OpenObserve and prints where each call is.
 */
import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
import OpenAI, { APIError } from 'openai';
import { describeCallFailure } from './call-failure.js';
import { loadDemoEnvironment } from './demo-environment.js';
import type { DemoLocalStack } from './local-stack.js';
import { openobserveLocation } from './openobserve-location.js';
import { portkeyClientOptions } from './portkey-client-options.js';
import { formatLocation, formatRow } from './print-call.js';
import { STORY } from './story/story.js';
import type { StoryStep } from './story/story-step.js';
import { traceIdOf } from './story/story-step.js';

const indent = (lines: string[], by = '  '): void => {
  for (const line of lines) console.log(`${by}${line}`);
};

async function main(): Promise<number> {
  const { setup, ignoredShellSettings } = loadDemoEnvironment();
  console.log(
    `portobserve demo: ${STORY.length} LLM calls through the Portkey gateway, each one span in OpenObserve`,
  );
  if (setup.kind === 'stop') {
    for (const problem of setup.problems) console.error(problem);
    console.error(
      'Nothing was sent. Fix the settings above, or delete the .env to run on the local stand-ins.',
    );
    return 1;
  }
  let local: DemoLocalStack | undefined;
  if (setup.kind === 'local') {
    console.log(setup.notice ?? 'no .env: running on local stand-ins, all on 127.0.0.1:');
    if (ignoredShellSettings.length > 0) {
      indent([
        `ignoring ${ignoredShellSettings.join(', ')} from your shell (they apply only with a .env: copy .env.example to .env)`,
      ]);
    }
    const stack = await import('./local-stack.js').then((module) => module.startLocalStack());
    indent(stack.description);
    indent([
      'Each call\'s "UI path" is where your own OpenObserve shows it; the stand-in has no UI, so its row is printed.',
    ]);
    local = stack;
  } else {
    const env = process.env;
    console.log(
      `your .env: the ${setup.gateway} Portkey gateway at ${env.PORTKEY_BASE_URL || 'https://api.portkey.ai/v1'},`,
    );
    indent([
      `OpenObserve at ${env.OPENOBSERVE_URL || 'http://localhost:5080'}, organization ${env.OPENOBSERVE_ORG || 'default'}`,
    ]);
  }

  const serviceName = process.env.OTEL_SERVICE_NAME || 'script-demo';
  const openobserve = openobserveInit({ serviceName });
  if (openobserve.configError) {
    console.error('The demo stops: fix the OpenObserve setting named above.');
    await local?.stop();
    return 1;
  }
  instrumentOpenAI();
  const client = new OpenAI(portkeyClientOptions(process.env));

  let exitCode = 0;
  let made = 0;
  for (const [index, step] of STORY.entries()) {
    console.log('');
    console.log(`${index + 1}/${STORY.length} ${step.title}`);
    const skipped = whySkipped(
      step,
      setup.kind === 'local',
      setup.kind === 'own' ? setup.gateway : undefined,
    );
    if (skipped) {
      indent([`skipped: ${skipped}`]);
      continue;
    }
    local?.prepare(step.id);
    const startUs = Date.now() * 1000;
    let traceId: string | undefined;
    let failed = false;
    try {
      const result = await step.run({ client, env: process.env });
      traceId = result.traceId;
      indent(result.lines);
    } catch (error) {
      failed = true;
      traceId = error instanceof APIError ? traceIdOf(error.headers) : undefined;
      indent([`failed: ${describeCallFailure(error, process.env)}`]);
    }
    made += 1;
    await openobserve.forceFlush();
    if (traceId !== undefined) {
      indent([`look at: ${step.look}`]);
      if (local) {
        indent(['the row OpenObserve stored:']);
        indent(formatRow(await local.storedRow(traceId), step.columns), '    ');
      }
      const location = openobserveLocation({
        env: process.env,
        traceId,
        startUs,
        columns: step.sqlColumns,
        withBaseUrl: local === undefined,
      });
      indent(formatLocation(location, traceId, local ? 'UI path' : 'UI'));
    }
    if (failed) {
      console.error('The demo stops here: the calls after it would most likely fail the same way.');
      exitCode = 1;
      break;
    }
  }

  await openobserve.forceFlush();
  const { exportedSpans, droppedSpans } = openobserve.stats();
  console.log('');
  console.log(
    `${made} calls, ${exportedSpans} spans exported to ${openobserve.endpoint} (dropped: ${droppedSpans})`,
  );
  if (exportedSpans < made && openobserve.enabled) {
    console.error(
      'Not every call reached OpenObserve: see the [portobserve] warning above ' +
        '(OPENOBSERVE_URL, OPENOBSERVE_ORG, OPENOBSERVE_AUTH_TOKEN).',
    );
    exitCode = 1;
  }
  if (exitCode === 0) {
    const stream = process.env.OPENOBSERVE_TRACES_STREAM_NAME || 'default';
    console.log(
      `all of them: SELECT operation_name, span_status, gen_ai_response_model, gen_ai_usage_total_tokens, ` +
        `gen_ai_usage_cost, portkey_last_used_option_index FROM "${stream}" WHERE service_name = '${serviceName}' ORDER BY start_time`,
    );
    const install = 'pnpm --filter @example/script-demo exec portobserve openobserve install --dotenv .env';
    if (local) {
      console.log(
        'next: your own Portkey and OpenObserve: copy apps/script-demo/.env.example to apps/script-demo/.env;',
      );
      console.log(`  then dashboards and alerts over these columns: ${install}`);
    } else {
      console.log(`next: dashboards and alerts over these columns: ${install}`);
    }
    console.log('  (in your own app: npx portobserve openobserve install; see packages/core/README.md)');
  }
  await openobserve.shutdown();
  await local?.stop();
  return exitCode;
}

/** Why a call cannot run here, or undefined when it can. */
function whySkipped(
  step: StoryStep,
  isLocal: boolean,
  gateway: 'hosted' | 'self-hosted' | undefined,
): string | undefined {
  if (isLocal || step.reach === 'any') return undefined;
  if (step.reach === 'local-stand-ins') {
    return 'only on the local stand-ins (a real provider cannot be told to answer 429): run without a .env to see it';
  }
  if (gateway === 'hosted') {
    return 'the hosted gateway cannot reach a dead port on your machine; with your own gateway (PORTKEY_BASE_URL) it runs';
  }
  return undefined;
}

process.exitCode = await main();
