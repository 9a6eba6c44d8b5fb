import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomId } from './ids.js';

/**
 * Read the whole request body as UTF-8 text.
 *
 * @example
 * ```ts
 * const text = await readBodyText(req);
 * ```
 */
export async function readBodyText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The parsed JSON body, the raw text when it is not JSON, or `undefined` when empty.
 *
 * @example
 * ```ts
 * parseBody('{"a":1}'); // { a: 1 }
 * ```
 */
export function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Lower-cased header names, repeated values joined with `, `.
 *
 * @example
 * ```ts
 * flattenHeaders(req).authorization; // 'Bearer sk-test'
 * ```
 */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Headers OpenAI sends on every answer.
 *
 * @example
 * ```ts
 * res.writeHead(200, { ...commonHeaders(), 'content-type': 'application/json' });
 * ```
 */
export function commonHeaders(): Record<string, string> {
  return {
    'x-request-id': randomId('req_', 16),
    'openai-processing-ms': '1',
    'openai-version': '2020-10-01',
  };
}

/**
 * Send a complete JSON answer.
 *
 * @example
 * ```ts
 * sendJson(res, 200, { object: 'list', data: [] });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...commonHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
