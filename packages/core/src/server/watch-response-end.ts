import { subscribe } from 'node:diagnostics_channel';
import { ServerResponse } from 'node:http';
import { ensureNodeRequestRecord, nodeRequestRecord } from './node-request-records.js';
import type { ServerRequestSpan } from './start-server-span.js';

// Node publishes every finished server response on this channel, with its request: what to call is
// in the request's record, so no listener is added to the response itself (a listener per request
// made a trivial Express route measurably slower, packages/bench).
const FINISH_CHANNEL = 'http.server.response.finish';
let subscribed = false;

/**
 * Calls `onEnd` (at most once) when the response finishes, or when the connection closes first (the
 * client went away, or the handler never answered). The close is watched only once the request's span
 * is being recorded (`span.whenRecording`): a request with no span has nothing to end. Responses that no
 * `http.Server` made (no finish is published for them) are watched with listeners.
 *
 * @example
 * ```ts
 * watchResponseEnd(res, () => span.end(res.statusCode), span);
 * ```
 */
export function watchResponseEnd(
  res: ServerResponse,
  onEnd: () => void,
  span: Pick<ServerRequestSpan, 'whenRecording'>,
): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    onEnd();
  };
  const req = res instanceof ServerResponse ? res.req : undefined;
  if (req === undefined || !(req.socket as { server?: unknown } | undefined)?.server) {
    res.once('finish', once);
    // First in line: instrumentation-http ends its span (the one we enrich) in its own `close` listener.
    res.prependOnceListener('close', once);
    return;
  }
  if (!subscribed) {
    subscribed = true;
    subscribe(FINISH_CHANNEL, onFinish);
  }
  // A request traced twice (an Express app that hands it to a route wrapped on its own) keeps both
  // watches: the later, inner one ends first.
  const record = ensureNodeRequestRecord(req);
  const outer = record.onResponseFinish;
  record.onResponseFinish = outer
    ? () => {
        once();
        outer();
      }
    : once;
  span.whenRecording(() => {
    if (res.destroyed && !res.writableFinished) once();
    else res.prependOnceListener('close', once);
  });
}

function onFinish(message: unknown): void {
  const record = nodeRequestRecord((message as { request?: object } | undefined)?.request);
  const onEnd = record?.onResponseFinish;
  if (record === undefined || onEnd === undefined) return;
  record.onResponseFinish = undefined;
  onEnd();
}
