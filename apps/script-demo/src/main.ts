/**
 * The plain-script demo: one chat call through the Portkey gateway, traced to OpenObserve.
 *
 * With a `.env` (see `.env.example`) it uses your Portkey and OpenObserve. Without one it starts a
 * local stack (the real Portkey gateway, a fake OpenAI upstream and an OpenObserve stand-in) and prints
 * the row OpenObserve would show for the call.
 */
import { existsSync } from 'node:fs';
import { instrumentOpenAI, openobserveInit } from '@portobserve/core';
import OpenAI from 'openai';
import { portkeyClientOptions } from './portkey-client-options.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const local = needsLocalStack()
  ? await import('./local-stack.js').then((module) => module.startLocalStack())
  : undefined;

const openobserve = openobserveInit();
instrumentOpenAI();

const client = new OpenAI(portkeyClientOptions(process.env));
try {
  const completion = await client.chat.completions.create({
    model: process.env.DEMO_MODEL ?? 'gpt-4o-mini',
    messages: [
      { role: 'user', content: process.env.DEMO_PROMPT ?? 'Say hello to OpenObserve in one sentence.' },
    ],
  });
  console.log(`answer: ${completion.choices[0]?.message.content ?? '(no content)'}`);
  console.log(
    `tokens: ${completion.usage?.prompt_tokens} prompt + ${completion.usage?.completion_tokens} completion`,
  );
} finally {
  await openobserve.forceFlush();
  const { exportedSpans, droppedSpans } = openobserve.stats();
  console.log(`spans exported to ${openobserve.endpoint}: ${exportedSpans} (dropped: ${droppedSpans})`);
  if (local) {
    await local.printCapturedRow();
    await local.stop();
  }
  await openobserve.shutdown();
}

function needsLocalStack(): boolean {
  return !process.env.PORTKEY_BASE_URL && !process.env.PORTKEY_API_KEY && !process.env.OPENOBSERVE_URL;
}
