import { type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { instrumentOpenAI } from '../src/index.js';
import { startInMemoryTracing } from './support/in-memory-tracing.js';

let fake: FakeOpenAI;
const tracing = startInMemoryTracing();
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  await tracing.stop();
});

it('smoke', async () => {
  const uninstrument = instrumentOpenAI(OpenAI, { includeStreamUsage: true });
  const client = new OpenAI({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  const answer = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi there' }],
  });
  expect(answer.choices[0]?.message.content).toBeTruthy();
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  const spans = await tracing.waitForSpans(2);
  console.log(
    text,
    JSON.stringify(
      spans.map((s) => [s.name, s.status, s.attributes]),
      null,
      1,
    ),
  );
  uninstrument();
});
