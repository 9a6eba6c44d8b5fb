import type { Exchange } from './exchange.js';
import { commonHeaders } from './http-io.js';
import type { FakeOpenAIScenario } from './types.js';

/** One server-sent event: `data` is already serialized; `event` adds an `event:` line. */
export interface SseEvent {
  event?: string;
  data: string;
}

/**
 * Serialize a JSON payload as an SSE event, optionally named.
 *
 * @example
 * ```ts
 * sseJson({ type: 'response.created' }, 'response.created');
 * ```
 */
export function sseJson(payload: unknown, event?: string): SseEvent {
  return event === undefined ? { data: JSON.stringify(payload) } : { event, data: JSON.stringify(payload) };
}

/** The `data: [DONE]` terminator of chat and legacy completion streams. */
export const SSE_DONE: SseEvent = { data: '[DONE]' };

function format(event: SseEvent): string {
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${event.data}\n\n`;
}

/**
 * Stream `events` as `text/event-stream`, honouring the scenario's `chunkDelayMs` (between events)
 * and `failAfterChunks` (destroy the socket instead of sending event number N, counting from 0).
 *
 * @example
 * ```ts
 * await streamSse(exchange, { chunkDelayMs: 10 }, [sseJson({ a: 1 }), SSE_DONE]);
 * ```
 */
export async function streamSse(
  exchange: Exchange,
  scenario: FakeOpenAIScenario,
  events: readonly SseEvent[],
): Promise<void> {
  exchange.res.writeHead(200, {
    ...commonHeaders(),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  exchange.res.flushHeaders();
  for (const [index, event] of events.entries()) {
    if (index > 0 && scenario.chunkDelayMs !== undefined && !(await exchange.sleep(scenario.chunkDelayMs)))
      return;
    if (scenario.failAfterChunks !== undefined && index >= scenario.failAfterChunks) {
      exchange.destroy();
      return;
    }
    if (!(await exchange.write(format(event)))) return;
  }
  exchange.res.end();
}
