import OpenAI6 from 'openai6';
import { expect, it } from 'vitest';
import { instrumentBundledOpenAI } from '../../src/adapter.js';
import { instrumentOpenAI } from '../../src/index.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// openai6 stands in for a bundle's own copy of openai: a class the app-wide patch does not reach.
const { tracing, fake } = useTracedUpstream();

async function chat(): Promise<void> {
  const client = new OpenAI6({ apiKey: 'sk-test', baseURL: fake.baseURL, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
}

it('patches a bundled copy only once the app asked for app-wide instrumentation, with its options', async () => {
  expect(instrumentBundledOpenAI(OpenAI6)).toBe(false);
  await chat();
  expect(tracing.spans()).toHaveLength(0);

  const uninstrument = instrumentOpenAI({ captureContent: false });
  expect(instrumentBundledOpenAI(OpenAI6)).toBe(true);
  expect(instrumentBundledOpenAI(OpenAI6)).toBe(false);
  await chat();
  const spans = await tracing.waitForSpans(1);
  expect(spans).toHaveLength(1);
  expect(spans[0]?.attributes['llm.input_messages.0.message.role']).toBeUndefined();
  expect(spans[0]?.attributes['llm.token_count.total']).toBe(6);

  // The app-wide uninstrument() also undoes what it patched in bundles.
  uninstrument();
  tracing.reset();
  await chat();
  expect(tracing.spans()).toHaveLength(0);
});
