import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '../../src/index.js';

type Core = typeof core;

import { onlySpan, user } from './support/harness.js';
import { useTracedUpstream } from './support/traced-upstream.js';

const originalCreate = OpenAI.Chat.Completions.prototype.create;
const undo: Array<() => void> = [];

function instrument(...args: [] | [object] | [object, core.InstrumentOpenAIOptions]): () => void {
  const uninstrument = (core.instrumentOpenAI as (...all: typeof args) => () => void)(...args);
  undo.push(uninstrument);
  return uninstrument;
}

const { tracing, newClient } = useTracedUpstream({
  apiKey: 'sk-test-double',
  afterEachTest() {
    for (const step of undo.splice(0).reverse()) step();
    expect(OpenAI.Chat.Completions.prototype.create).toBe(originalCreate);
  },
});

async function chat(client: OpenAI): Promise<void> {
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [user('hi')] });
}

async function chatStream(client: OpenAI): Promise<void> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [user('hi')],
    stream: true,
  });
  for await (const _chunk of stream) {
    // drain
  }
}

describe('one span per call, however often it is instrumented', () => {
  it('instrumentOpenAI(OpenAI) twice', async () => {
    instrument(OpenAI);
    instrument(OpenAI, { includeStreamUsage: true });
    const client = newClient();
    await chat(client);
    await chatStream(client);
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
    const spans = await tracing.expectSettled(3);
    expect(spans.map((span) => span.name)).toEqual(['ChatCompletion', 'ChatCompletion', 'Embeddings']);
  });

  it('the class, then a client', async () => {
    instrument(OpenAI);
    const client = newClient();
    instrument(client);
    await chat(client);
    await chatStream(client);
    await tracing.expectSettled(2);
  });

  it('a client, then the class', async () => {
    const client = newClient();
    instrument(client);
    instrument(OpenAI);
    await chat(client);
    await chatStream(client);
    await chat(newClient());
    await tracing.expectSettled(3);
  });

  it('the same client twice', async () => {
    const client = newClient();
    instrument(client);
    instrument(client);
    await chat(client);
    await tracing.expectSettled(1);
  });

  it('no argument (the app’s openai, CommonJS and ES builds) plus the class plus a client', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      instrument();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    instrument(OpenAI);
    const client = newClient();
    instrument(client);
    await chat(client);
    await chatStream(newClient());
    await tracing.expectSettled(2);
  });

  it('a helper that calls create() (parse, runTools) makes one span per request', async () => {
    instrument(OpenAI);
    const client = newClient();
    instrument(client);
    await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [user('hi')],
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    });
    await tracing.expectSettled(1);
  });
});

describe('two copies of @portobserve/core in one process', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  let esm: Core;
  let cjs: Core;
  beforeAll(async () => {
    if (!existsSync(`${dist}index.js`) || !existsSync(`${dist}index.cjs`)) {
      throw new Error(
        'packages/core/dist is missing: build it first (`pnpm build`, or `npx tsup` in packages/core)',
      );
    }
    esm = (await import(/* @vite-ignore */ pathToFileURL(`${dist}index.js`).href)) as Core;
    cjs = createRequire(import.meta.url)(`${dist}index.cjs`) as Core;
  });

  it('are really separate copies', () => {
    expect(esm.instrumentOpenAI).not.toBe(core.instrumentOpenAI);
    expect(cjs.instrumentOpenAI).not.toBe(core.instrumentOpenAI);
    expect(cjs.instrumentOpenAI).not.toBe(esm.instrumentOpenAI);
  });

  it('source, ES module build and CommonJS build all instrumenting: one span per call', async () => {
    undo.push(esm.instrumentOpenAI(OpenAI));
    undo.push(cjs.instrumentOpenAI(OpenAI));
    instrument(OpenAI);
    const client = newClient();
    undo.push(cjs.instrumentOpenAI(client));
    await chat(client);
    await chatStream(client);
    await chat(newClient());
    const spans = await tracing.expectSettled(3);
    expect(spans.every((span) => span.name === 'ChatCompletion')).toBe(true);
  });

  it('withLLMContext of one copy is seen by the wrapper of another', async () => {
    undo.push(cjs.instrumentOpenAI(OpenAI));
    await esm.withLLMContext({ sessionId: 'from-esm' }, () => chat(newClient()));
    await core.withLLMContext({ sessionId: 'from-src' }, () => chat(newClient()));
    const spans = await tracing.expectSettled(2);
    expect(spans.map((span) => span.attributes['session.id'])).toEqual(['from-esm', 'from-src']);
  });
});

describe('uninstrument()', () => {
  it('restores the original method: no span afterwards', async () => {
    const uninstrument = instrument(OpenAI);
    expect(OpenAI.Chat.Completions.prototype.create).not.toBe(originalCreate);
    await chat(newClient());
    uninstrument();
    expect(OpenAI.Chat.Completions.prototype.create).toBe(originalCreate);
    await chat(newClient());
    await chatStream(newClient());
    onlySpan(await tracing.expectSettled(1));
  });

  it('of a client removes only that client’s wrapper', async () => {
    const client = newClient();
    const uninstrument = instrument(client);
    expect(Object.hasOwn(client.chat.completions, 'create')).toBe(true);
    await chat(client);
    uninstrument();
    expect(Object.hasOwn(client.chat.completions, 'create')).toBe(false);
    await chat(client);
    onlySpan(await tracing.expectSettled(1));
  });

  it('a client instrumented alone does not trace other clients', async () => {
    instrument(newClient());
    await chat(newClient());
    await tracing.expectSettled(0);
  });

  it('stops an uninstrumented wrapper even if another library wrapped it since', async () => {
    const uninstrument = instrument(OpenAI);
    const ours = OpenAI.Chat.Completions.prototype.create;
    // Someone else wraps our wrapper afterwards; we cannot unwrap, so ours must pass through.
    const foreign = function (this: unknown, ...args: unknown[]) {
      return (ours as (...a: unknown[]) => unknown).apply(this, args);
    };
    OpenAI.Chat.Completions.prototype.create = foreign as typeof ours;
    try {
      uninstrument();
      expect(OpenAI.Chat.Completions.prototype.create).toBe(foreign);
      await chat(newClient());
      await tracing.expectSettled(0);
    } finally {
      OpenAI.Chat.Completions.prototype.create = originalCreate;
    }
  });
});

describe('instrumenting before or after creating the client', () => {
  it('the class: clients made before and after both produce spans', async () => {
    const before = newClient();
    instrument(OpenAI);
    const after = newClient();
    await chat(before);
    await chat(after);
    await tracing.expectSettled(2);
  });

  it('no argument: clients made before and after both produce spans', async () => {
    const before = newClient();
    instrument();
    const after = newClient();
    await chat(before);
    await chatStream(after);
    await before.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    const spans = await tracing.expectSettled(3);
    expect(spans.map((span) => span.name)).toEqual(['ChatCompletion', 'ChatCompletion', 'Response']);
  });
});
