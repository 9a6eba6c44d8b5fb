import type { IncomingMessage } from 'node:http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

/** Ports of the apps under test; every other server in this process (the doubles) stays untraced. */
export const tracedPorts = new Set<number>();

// Imported first, so `http` is patched before Express loads it, as in an app that registers
// instrumentation-http in a `--import` module.
// Requests it ignores run with tracing suppressed: an app meant to run without it needs `disable()`.
export const httpInstrumentation = new HttpInstrumentation({
  ignoreIncomingRequestHook: (request: IncomingMessage) => !tracedPorts.has(request.socket.localPort ?? 0),
  ignoreOutgoingRequestHook: () => true,
});
registerInstrumentations({ instrumentations: [httpInstrumentation] });
