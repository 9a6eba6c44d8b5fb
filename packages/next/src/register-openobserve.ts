import {
  type InstrumentOpenAIOptions,
  instrumentOpenAI,
  type OpenObserveHandle,
  type OpenObserveOptions,
  openobserveInit,
} from '@portobserve/core';
import { createWarnOnce, processWideKinds } from '@portobserve/core/adapter';

// Once per process, whichever copy of this package (ESM, CJS, each route bundle) says it.
const infoOnce = createWarnOnce((message) => console.info(message), processWideKinds());

/**
 * Settings of {@link registerOpenObserve}: the OpenObserve export, plus the `openai` instrumentation.
 *
 * @example
 * ```ts
 * const options: RegisterOpenObserveOptions = { serviceName: 'my-app', instrumentation: { captureContent: false } };
 * registerOpenObserve(options);
 * ```
 */
export interface RegisterOpenObserveOptions extends OpenObserveOptions {
  /**
   * Options for `instrumentOpenAI` (e.g. `{ captureContent: false }`), also used for the `OpenAI`
   * class a route hands to `withOpenObserve(handler, { openai: OpenAI })`. `false`: no `openai` patching.
   */
  instrumentation?: InstrumentOpenAIOptions | false;
}

/**
 * For `register()` in `instrumentation.ts`: on the Node.js runtime, sends traces (Next's own spans and
 * the LLM spans) to OpenObserve with `openobserveInit` and instruments `openai` with `instrumentOpenAI`.
 * On the Edge runtime it does nothing and says so once. A bad setting (no token, `OPENOBSERVE_URL`
 * without `http://`) never takes the server down: it logs one error naming the setting and the fix,
 * and the app serves every page with export off; `strict: true` / `OPENOBSERVE_STRICT=true` throws
 * instead (Next.js then answers every request with 500, so keep that for CI). When the app already registered a tracer
 * provider (`@vercel/otel`, `NodeSDK`), it registers none and explains how to add
 * `openobserveSpanProcessor()` to it. Returns the handle, or `undefined` when it registered nothing.
 *
 * @example
 * ```ts
 * // instrumentation.ts
 * export async function register() {
 *   if (process.env.NEXT_RUNTIME === 'nodejs') {
 *     const { registerOpenObserve } = await import('@portobserve/next');
 *     registerOpenObserve({ serviceName: 'my-app', instrumentation: { captureContent: false } });
 *   }
 * }
 * ```
 */
export function registerOpenObserve(options: RegisterOpenObserveOptions = {}): OpenObserveHandle | undefined {
  if (process.env.NEXT_RUNTIME === 'edge') {
    infoOnce(
      'next:edge-runtime',
      'registerOpenObserve() does nothing on the Edge runtime (the OpenTelemetry Node.js SDK does not run there); ' +
        'routes on the Node.js runtime are traced. Call it only when process.env.NEXT_RUNTIME === "nodejs".',
    );
    return undefined;
  }
  const { instrumentation = {}, ...openobserveOptions } = options;

  const handle = openobserveInit(openobserveOptions);
  // A bad instrumentation setting is logged (traced without content), or thrown when strict.
  if (instrumentation !== false) instrumentOpenAI({ strict: options.strict, ...instrumentation });
  if (handle.registered || !handle.enabled) return handle;
  // Another provider (@vercel/otel, NodeSDK) was there first: openobserveInit() explained how to give it
  // OpenObserve's span processor; this unused handle is released.
  void handle.shutdown();
  return undefined;
}
