import { constants as bufferConstants } from 'node:buffer';
import zlib from 'node:zlib';

type Decompress = (input: Buffer, options: { maxOutputLength: number }) => Buffer;

/** Why a request body could not be decoded. */
export type BodyDecodeFailure =
  | { kind: 'too-large' }
  | { kind: 'unsupported-encoding'; encoding: string }
  | { kind: 'corrupt'; encoding: string; message: string };

/** A decoded body, or the reason it could not be decoded. */
export type BodyDecodeResult = { ok: true; body: Buffer } | { ok: false; failure: BodyDecodeFailure };

function decompressorFor(encoding: string): Decompress | undefined {
  return encoding === 'gzip' ? zlib.gunzipSync : undefined;
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
  );
}

/**
 * Undoes a `Content-Encoding`: gzip, the only compression the OTLP exporters send; `identity` or
 * no header leaves the body as it is. OpenObserve also accepts deflate, br and zstd; the double
 * refuses them (unsupported, 415), as nothing we run sends them. A list such as `gzip, br` is
 * unsupported too. A decoded body longer than `maxBytes` is a `too-large` failure.
 *
 * @example
 * ```ts
 * const result = decodeContentEncoding(zlib.gzipSync('{}'), 'gzip', 1024);
 * if (result.ok) result.body.toString(); // '{}'
 * ```
 */
export function decodeContentEncoding(
  raw: Buffer,
  header: string | undefined,
  maxBytes: number,
): BodyDecodeResult {
  const encoding = (header ?? '').trim().toLowerCase();
  let body = raw;
  if (encoding !== '' && encoding !== 'identity') {
    const decompress = decompressorFor(encoding);
    if (decompress === undefined) {
      return { ok: false, failure: { kind: 'unsupported-encoding', encoding } };
    }
    try {
      body = decompress(body, { maxOutputLength: Math.min(maxBytes, bufferConstants.MAX_LENGTH) });
    } catch (error) {
      if (isTooLarge(error)) {
        return { ok: false, failure: { kind: 'too-large' } };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, failure: { kind: 'corrupt', encoding, message } };
    }
  }
  if (body.length > maxBytes) {
    return { ok: false, failure: { kind: 'too-large' } };
  }
  return { ok: true, body };
}
