import { expectNoSecrets, type FakeOpenAI, startFakeOpenAI } from '@portobserve/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type InstrumentOpenAIOptions, instrumentOpenAI } from '../../../src/index.js';
import { spanText, startTracing } from './harness.js';

export interface TracedUpstreamOptions {
  /** Instrument the `OpenAI` class for every test of the file, with these options; undone after the last. */
  instrument?: InstrumentOpenAIOptions;
  /** API key of the clients `newClient()` makes. */
  apiKey?: string;
  /** Runs after each test, before its spans are checked (e.g. to undo what the test instrumented). */
  afterEachTest?: () => void;
}

/**
 * The vitest hooks every instrumentation test file shares: in-memory tracing, and the fake OpenAI
 * upstream started before the first test. After each test its spans are checked
 * ({@link Tracing.checkAndReset}), then the fake is reset; after the last one all is undone and stopped.
 *
 * Call it at the top of a test file. The `fake` it returns can be used from module scope: it forwards
 * to the upstream once started (in tests and hooks).
 */
export function useTracedUpstream(options: TracedUpstreamOptions = {}) {
  const tracing = startTracing();
  let running: FakeOpenAI | undefined;
  let uninstrument = () => {};
  beforeAll(async () => {
    running = await startFakeOpenAI();
    if (options.instrument) uninstrument = instrumentOpenAI(OpenAI, options.instrument);
  });
  afterEach(async () => {
    options.afterEachTest?.();
    // No span of any test may carry the API key its clients sent.
    expectNoSecrets(
      Object.fromEntries(
        tracing.spans().map((span, index) => [`span ${index} ${span.name}`, spanText(span)]),
      ),
      [options.apiKey ?? 'sk-test'],
    );
    await tracing.checkAndReset();
    running?.reset();
  });
  afterAll(async () => {
    uninstrument();
    await running?.close();
    await tracing.stop();
  });

  const fake = forwardingFake(() => {
    if (running === undefined)
      throw new Error('the fake OpenAI upstream starts in beforeAll: use it in a test');
    return running;
  });
  return {
    tracing,
    fake,
    /** A client of the fake upstream, without retries. */
    newClient: (): OpenAI =>
      new OpenAI({ apiKey: options.apiKey ?? 'sk-test', baseURL: fake.baseURL, maxRetries: 0 }),
  };
}

/** Instruments the OpenAI class for the tests of one `describe`, with `env` set only while instrumenting. */
export function instrumentFor(options: InstrumentOpenAIOptions = {}, env: Record<string, string> = {}): void {
  let uninstrument = () => {};
  beforeAll(() => {
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
      uninstrument = instrumentOpenAI(OpenAI, options);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
  afterAll(() => uninstrument());
}

/** A `FakeOpenAI` whose every member is read from `current()` when used. */
function forwardingFake(current: () => FakeOpenAI): FakeOpenAI {
  return {
    get url() {
      return current().url;
    },
    get baseURL() {
      return current().baseURL;
    },
    get port() {
      return current().port;
    },
    get requests() {
      return current().requests;
    },
    enqueue: (...scenarios) => current().enqueue(...scenarios),
    setDefaultScenario: (scenario) => current().setDefaultScenario(scenario),
    reset: () => current().reset(),
    close: () => current().close(),
  };
}
