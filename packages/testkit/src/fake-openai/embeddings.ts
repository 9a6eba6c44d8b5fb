import { createHash } from 'node:crypto';
import { sendOpenAIError } from './errors.js';
import type { Exchange } from './exchange.js';
import { sendJson } from './http-io.js';
import { servedModel } from './served-model.js';
import { countWords } from './tokens.js';
import type { FakeOpenAIScenario } from './types.js';

/** Embedding size when the request gives no `dimensions`. */
export const DEFAULT_DIMENSIONS = 8;

/**
 * A deterministic unit-length vector for `text`, every component exactly representable as float32
 * (so the float and base64 encodings decode to the same numbers).
 *
 * @example
 * ```ts
 * fakeEmbedding('hello', 8).length; // 8, and the same numbers on every call
 * ```
 */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const raw = Array.from({ length: dimensions }, (_, index) => {
    const digest = createHash('sha256').update(`${index}:${text}`).digest();
    return (digest.readUInt32LE(0) / 0xffffffff) * 2 - 1;
  });
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/**
 * Float32 little-endian bytes, base64-encoded, as OpenAI's `encoding_format: 'base64'`.
 *
 * @example
 * ```ts
 * encodeBase64Float32([1]); // 'AACAPw=='
 * ```
 */
export function encodeBase64Float32(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

/** The embedded inputs as strings plus their word counts (token arrays count one per token). */
function normalizeInput(input: unknown): Array<{ key: string; tokens: number }> | undefined {
  const one = (item: unknown): { key: string; tokens: number } | undefined => {
    if (typeof item === 'string') return { key: item, tokens: countWords(item) };
    if (Array.isArray(item) && item.every((token) => typeof token === 'number')) {
      return { key: JSON.stringify(item), tokens: item.length };
    }
    return undefined;
  };
  if (typeof input === 'string') return [one(input)!];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return [one(input)!];
  const items = input.map(one);
  return items.every((item) => item !== undefined) ? items : undefined;
}

/**
 * `POST /v1/embeddings`: float or base64 (float32 LE) vectors, `dimensions` default 8.
 *
 * @example
 * ```ts
 * await handleEmbeddings(exchange, { input: ['a', 'b'], encoding_format: 'base64' }, 'text-embedding-3-small', {});
 * ```
 */
export async function handleEmbeddings(
  exchange: Exchange,
  body: Record<string, unknown>,
  model: string,
  scenario: FakeOpenAIScenario,
): Promise<void> {
  const inputs = normalizeInput(body.input);
  if (inputs === undefined) {
    sendOpenAIError(exchange.res, 400, {
      message: "'input' must be a non-empty string, array of strings or array of token arrays.",
      param: 'input',
    });
    return;
  }
  const dimensions =
    typeof body.dimensions === 'number' && Number.isInteger(body.dimensions) && body.dimensions > 0
      ? body.dimensions
      : DEFAULT_DIMENSIONS;
  const base64 = body.encoding_format === 'base64';
  const promptTokens =
    scenario.usage?.promptTokens ??
    Math.max(
      1,
      inputs.reduce((sum, item) => sum + item.tokens, 0),
    );
  sendJson(exchange.res, 200, {
    object: 'list',
    data: inputs.map((item, index) => {
      const vector = fakeEmbedding(item.key, dimensions);
      return { object: 'embedding', index, embedding: base64 ? encodeBase64Float32(vector) : vector };
    }),
    model: servedModel(model, scenario.model),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
