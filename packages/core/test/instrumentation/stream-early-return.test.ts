import { SpanStatusCode } from '@opentelemetry/api';
import { expect, it } from 'vitest';
import { onlySpan, outputText, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

// A consumer that leaves the loop once it has what it needs: after the model's last chunk (the one with
// the finish reason) the call is complete, before it the call was cancelled.
const { tracing, fake, newClient } = useTracedUpstream({ instrument: {} });

async function streamUntil(stop: (chunk: { finishReason: unknown; index: number }) => boolean) {
  fake.enqueue({ content: 'one two three four five' });
  const stream = await newClient().chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [user('count')],
    stream: true,
    stream_options: { include_usage: false },
  });
  let index = 0;
  for await (const chunk of stream) {
    if (stop({ finishReason: chunk.choices[0]?.finish_reason, index: index++ })) break;
  }
}

it('a break right after the final chunk ends the span as complete, status OK', async () => {
  await streamUntil(({ finishReason }) => finishReason != null);
  const span = onlySpan(await tracing.expectSettled(1));
  expect(span.attributes['portobserve.stream.end']).toBe('complete');
  expect(span.status.code).toBe(SpanStatusCode.OK);
  expect(outputText(span)).toBe('one two three four five');
  expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
});

it('a break before the final chunk ends it as cancelled, not an error', async () => {
  await streamUntil(({ index }) => index === 1);
  const span = onlySpan(await tracing.expectSettled(1));
  expect(span.attributes['portobserve.stream.end']).toBe('cancelled');
  expect(span.status.code).toBe(SpanStatusCode.UNSET);
});
