import type { BodyWatch } from './body-observer.js';
import { passThroughBody } from './pass-through-body.js';

type Base = typeof globalThis.Response;
const BaseResponse: Base = globalThis.Response;
const baseGetter = (name: 'body' | 'bodyUsed') =>
  Object.getOwnPropertyDescriptor(BaseResponse.prototype, name)?.get as (this: Response) => unknown;
const baseBody = baseGetter('body') as (this: Response) => ReadableStream<Uint8Array> | null;
const baseBodyUsed = baseGetter('bodyUsed') as (this: Response) => boolean;

/** Bodies read whole (`arrayBuffer()`, `bytes()`, `blob()`) larger than this are not decoded for the span. */
const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** What a response says beside its body, as the original said it (`new Response()` cannot take all of it). */
interface ResponseFacts {
  status: number;
  statusText: string;
  headers: Headers;
  url: string;
  redirected: boolean;
  type: ResponseType;
}

/**
 * The response the caller gets: a `Response` with the original's status, headers, URL and body stream,
 * whose body is observed however the caller reads it. `json()` and `text()` (and `arrayBuffer()`,
 * `bytes()`, `blob()`) read the body as the platform does and hand the observer the result, so a JSON
 * answer is parsed once, by the caller, and no stream of ours stands in between. `body` is a
 * pass-through of the original stream, made on first use; `clone()` gives an observed response too.
 * Its class is named `Response`, and `instanceof Response` holds.
 */
class ObservedResponse extends BaseResponse {
  readonly #watch: BodyWatch;
  readonly #facts: ResponseFacts;
  /**
   * The response the body came from, until the body is locked: the platform cancels an unread body once
   * its response is collected. Let go of then, so it does not outlive its use (a stream can be long).
   */
  #owner: object | undefined;
  #source: ReadableStream<Uint8Array> | null = null;
  #body: ReadableStream<Uint8Array> | null = null;

  constructor(source: ReadableStream<Uint8Array>, facts: ResponseFacts, owner: object, watch: BodyWatch) {
    super(source, { status: facts.status, statusText: facts.statusText, headers: facts.headers });
    this.#facts = facts;
    this.#owner = owner;
    this.#watch = watch;
    watch.deliverers += 1;
  }

  static {
    // Accessors of the platform's Response: shadowed on this prototype (TypeScript types them as fields).
    const accessors: Record<string, (this: ObservedResponse) => unknown> = {
      body() {
        return this.#observedBody();
      },
      url() {
        return this.#facts.url;
      },
      redirected() {
        return this.#facts.redirected;
      },
      type() {
        return this.#facts.type;
      },
    };
    for (const [name, get] of Object.entries(accessors)) {
      Object.defineProperty(ObservedResponse.prototype, name, { get, enumerable: true, configurable: true });
    }
    Object.defineProperty(ObservedResponse, 'name', { value: 'Response' });
  }

  override json(): Promise<unknown> {
    return this.#readObserved(
      () => super.json(),
      (value) => this.#watch.observer.parsed(value),
    );
  }

  override text(): Promise<string> {
    return this.#readObserved(
      () => super.text(),
      (text) => this.#watch.observer.whole(text),
    );
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#readObserved(
      () => super.arrayBuffer(),
      (buffer) => this.#wholeBytes(new Uint8Array(buffer)),
    );
  }

  override bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#readObserved(
      () => super.bytes(),
      (bytes) => this.#wholeBytes(bytes),
    );
  }

  override blob(): Promise<Blob> {
    return this.#readObserved(
      () => super.blob(),
      (blob) => {
        const { observer } = this.#watch;
        if (blob.size > MAX_DECODED_BYTES) observer.cancelled();
        else
          blob.text().then(
            (text) => observer.whole(text),
            (error: unknown) => observer.failed(error),
          );
      },
    );
  }

  override formData(): Promise<FormData> {
    return this.#readObserved(
      () => super.formData(),
      () => this.#watch.observer.cancelled(),
    );
  }

  override clone(): Response {
    if (this.#body?.locked) throw new TypeError('Response.clone: Body has already been consumed.');
    const copy = super.clone();
    const source = baseBody.call(copy);
    return source ? new ObservedResponse(source, this.#facts, copy, this.#watch) : copy;
  }

  /**
   * `read` (one of the platform's own reads), and `report` of what it gave, if this read is the one that
   * delivers the body: a body already read or being read is read by the platform alone (it fails as it
   * would without us), and one the caller locked through our `body` fails as the platform's reads do.
   */
  async #readObserved<Result>(
    read: () => Promise<Result>,
    report: (result: Result) => void,
  ): Promise<Result> {
    if (this.#body?.locked) throw new TypeError('Body is unusable: Body has already been read');
    const source = baseBody.call(this);
    if (source === null || source.locked || baseBodyUsed.call(this)) return read();
    const { call, observer } = this.#watch;
    call.readStarted();
    let result: Result;
    try {
      const reading = read();
      // The platform's read has locked the body: it cannot be cancelled as unread any more.
      this.#owner = undefined;
      result = await reading;
    } catch (error) {
      // The caller's read failed, a body that is not JSON included (its SyntaxError): so did the call.
      observer.failed(error);
      throw error;
    } finally {
      call.readSettled();
    }
    report(result);
    return result;
  }

  #wholeBytes(bytes: Uint8Array): void {
    const { observer } = this.#watch;
    if (bytes.byteLength > MAX_DECODED_BYTES) observer.cancelled();
    else observer.whole(new TextDecoder().decode(bytes));
  }

  #observedBody(): ReadableStream<Uint8Array> | null {
    const source = baseBody.call(this);
    // `clone()` gives this response a new stream (one branch of a tee): pass that one through.
    if (source !== this.#source) {
      this.#source = source;
      // A body already read or being read is the platform's own, locked or used, as without us.
      this.#body =
        source === null || source.locked || baseBodyUsed.call(this)
          ? source
          : passThroughBody(source, this.#watch, this.#owner);
      // The pass-through keeps it until it locks the body.
      this.#owner = undefined;
    }
    return this.#body;
  }
}

// As on the platform: no `bytes()` where its Response has none.
if (!('bytes' in BaseResponse.prototype)) Reflect.deleteProperty(ObservedResponse.prototype, 'bytes');

/**
 * `original` for the caller, its body (`source`) observed by `watch`. A body that is not the
 * platform's own stream (a fetch polyfill's) goes through a pass-through of ours in a plain `Response`.
 *
 * @example
 * ```ts
 * return observedResponse(response, response.body, watchBody(call, jsonObserver(call)));
 * ```
 */
export function observedResponse(
  original: Response,
  source: ReadableStream<Uint8Array>,
  watch: BodyWatch,
): Response {
  const facts: ResponseFacts = {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
    url: original.url,
    redirected: original.redirected,
    type: original.type,
  };
  if (source instanceof ReadableStream) return new ObservedResponse(source, facts, original, watch);
  watch.deliverers += 1;
  const copy = new Response(passThroughBody(source, watch, original), facts);
  Object.defineProperties(copy, {
    url: { value: facts.url },
    redirected: { value: facts.redirected },
    type: { value: facts.type },
  });
  return copy;
}
