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

function zstdDecompressor(): Decompress | undefined {
  const candidate = (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync;
  return typeof candidate === 'function' ? (candidate as Decompress) : undefined;
}

function decompressorFor(encoding: string): Decompress | undefined {
  switch (encoding) {
    case 'gzip':
      return zlib.gunzipSync;
    case 'deflate':
      return zlib.inflateSync;
    case 'br':
      return zlib.brotliDecompressSync;
    case 'zstd':
      return zstdDecompressor();
    default:
      return undefined;
  }
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (error instanceof Error && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
  );
}

/**
 * Undoes a `Content-Encoding`: gzip, deflate, br, and zstd when `zlib.zstdDecompressSync` exists;
 * `identity` or no header leaves the body as it is. Only one coding is accepted (a list such as
 * `gzip, br` is unsupported, as it is for the server's decompression layer). A decoded body longer
 * than `maxBytes` is a `too-large` failure.
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
