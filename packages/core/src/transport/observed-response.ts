import type { BodyWatch } from './body-observer.js';
import { passThroughBody } from './pass-through-body.js';

type Base = typeof globalThis.Response;
const BaseResponse: Base = globalThis.Response;
const baseGetter = (name: 'body' | 'bodyUsed') =>
  Object.getOwnPropertyDescriptor(BaseResponse.prototype, name)?.get as (this: Response) => unknown;
const baseBody = baseGetter('body') as (this: Response) => ReadableStream<Uint8Array> | null;
const baseBodyUsed = baseGetter('bodyUsed') as (this: Response) => boolean;

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
  readonly #url: string;
  readonly #redirected: boolean;
  readonly #type: ResponseType;
  #source: ReadableStream<Uint8Array> | null = null;
  #passThrough: ReadableStream<Uint8Array> | null = null;

  constructor(source: ReadableStream<Uint8Array>, original: Response, watch: BodyWatch) {
    super(source, { status: original.status, statusText: original.statusText, headers: original.headers });
    this.#watch = watch;
    this.#url = original.url;
    this.#redirected = original.redirected;
    this.#type = original.type;
  }

  static {
    // Accessors of the platform's Response: shadowed on this prototype (TypeScript types them as fields).
    const accessors: Record<string, (this: ObservedResponse) => unknown> = {
      body() {
        return this.#observedBody();
      },
      url() {
        return this.#url;
      },
      redirected() {
        return this.#redirected;
      },
      type() {
        return this.#type;
      },
    };
    for (const [name, get] of Object.entries(accessors)) {
      Object.defineProperty(ObservedResponse.prototype, name, { get, enumerable: true, configurable: true });
    }
    Object.defineProperty(ObservedResponse, 'name', { value: 'Response' });
  }

  override async json(): Promise<unknown> {
    this.#assertUsable();
    if (!this.#unread()) return super.json();
    const value = await this.#read(() => super.json());
    this.#watch.observer.parsed(value);
    return value;
  }

  override async text(): Promise<string> {
    this.#assertUsable();
    if (!this.#unread()) return super.text();
    const text = await this.#read(() => super.text());
    this.#watch.observer.whole(text);
    return text;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    this.#assertUsable();
    if (!this.#unread()) return super.arrayBuffer();
    const buffer = await this.#read(() => super.arrayBuffer());
    this.#watch.observer.whole(new TextDecoder().decode(buffer));
    return buffer;
  }

  override async blob(): Promise<Blob> {
    this.#assertUsable();
    if (!this.#unread()) return super.blob();
    const blob = await this.#read(() => super.blob());
    const { observer } = this.#watch;
    blob.text().then(
      (text) => observer.whole(text),
      (error: unknown) => observer.failed(error),
    );
    return blob;
  }

  override async formData(): Promise<FormData> {
    this.#assertUsable();
    if (!this.#unread()) return super.formData();
    const form = await this.#read(() => super.formData());
    this.#watch.observer.cancelled();
    return form;
  }

  override clone(): Response {
    if (this.#passThrough?.locked) throw new TypeError('Response.clone: Body has already been consumed.');
    const copy = super.clone();
    const source = baseBody.call(copy);
    return source ? new ObservedResponse(source, this, this.#watch) : copy;
  }

  /** As the platform's own reads: a body the caller locked (through our `body`) cannot be read again. */
  #assertUsable(): void {
    if (this.#passThrough?.locked) throw new TypeError('Body is unusable: Body has already been read');
  }

  /** True while the body is neither read nor locked: a read now is the one that delivers it. */
  #unread(): boolean {
    const source = baseBody.call(this);
    return source !== null && !source.locked && !baseBodyUsed.call(this);
  }

  async #read<Result>(read: () => Promise<Result>): Promise<Result> {
    const { call, observer } = this.#watch;
    call.readStarted();
    try {
      return await read();
    } catch (error) {
      // Not JSON: the body was read, it just did not parse (the caller gets the SyntaxError).
      if (error instanceof SyntaxError) observer.parsed(undefined);
      else observer.failed(error);
      throw error;
    } finally {
      call.readSettled();
    }
  }

  #observedBody(): ReadableStream<Uint8Array> | null {
    const source = baseBody.call(this);
    // `clone()` gives this response a new stream (one branch of a tee): pass that one through.
    if (source !== this.#source) {
      this.#source = source;
      this.#passThrough = source && passThroughBody(source, this.#watch);
    }
    return this.#passThrough;
  }
}

/**
 * `original` for the caller, its body (`source`) observed by `watch`.
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
  return new ObservedResponse(source, original, watch);
}
