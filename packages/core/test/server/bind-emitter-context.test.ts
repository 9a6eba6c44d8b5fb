import { EventEmitter } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { startTracing } from '@portobserve/testkit/tracing';
import { afterAll, describe, expect, it } from 'vitest';
import { bindEmitterContext } from '../../src/server/bind-emitter-context.js';

const tracing = startTracing(); // registers the AsyncLocalStorage context manager
afterAll(() => tracing.stop());

const REQUEST = createContextKey('request');
const RECORD = Symbol.for('portobserve.node-request-record');
const requestContext = ROOT_CONTEXT.setValue(REQUEST, 'r-1');
const seen = () => context.active().getValue(REQUEST);

function emitters() {
  const req = new IncomingMessage(new Socket());
  return { req, res: new ServerResponse(req) };
}

describe.each(['req', 'res'] as const)('a bound %s', (which) => {
  it('runs every kind of listener added after binding in the context, once-listeners once', () => {
    const emitter = emitters()[which];
    bindEmitterContext(requestContext, emitter);
    const calls: string[] = [];
    emitter.on('tick', () => calls.push(`on:${seen()}`));
    emitter.addListener('tick', () => calls.push(`addListener:${seen()}`));
    emitter.prependListener('tick', () => calls.push(`prependListener:${seen()}`));
    emitter.once('tick', () => calls.push(`once:${seen()}`));
    emitter.prependOnceListener('tick', () => calls.push(`prependOnceListener:${seen()}`));
    emitter.emit('tick');
    emitter.emit('tick');
    expect(calls).toEqual([
      'prependOnceListener:r-1',
      'prependListener:r-1',
      'on:r-1',
      'addListener:r-1',
      'once:r-1',
      'prependListener:r-1',
      'on:r-1',
      'addListener:r-1',
    ]);
  });

  it('keeps the object as it was but for its record: the own properties of an unbound twin, and one symbol', () => {
    const emitter = emitters()[which];
    const twin = emitters()[which];
    bindEmitterContext(requestContext, emitter);
    emitter.on('tick', () => {});
    twin.on('tick', () => {});
    expect(Reflect.ownKeys(emitter)).toEqual([...Reflect.ownKeys(twin), RECORD]);
    // Not enumerable: a spread, a clone or console.log of the request shows and copies none of it.
    expect(Object.getOwnPropertySymbols({ ...emitter })).not.toContain(RECORD);
  });

  it('lets removeListener and listeners() work with the original listener', () => {
    const emitter = emitters()[which];
    bindEmitterContext(requestContext, emitter);
    const listener = () => {};
    const onceListener = () => {};
    emitter.on('tick', listener);
    emitter.once('tick', onceListener);
    expect(emitter.listeners('tick')).toEqual([listener, onceListener]);
    emitter.removeListener('tick', listener);
    emitter.off('tick', onceListener);
    expect(emitter.listenerCount('tick')).toBe(0);
  });
});

describe('an emitter that is not bound', () => {
  it('runs its listeners where they are emitted, once-listeners once, as without us', () => {
    const { req } = emitters();
    bindEmitterContext(requestContext, emitters().req); // the prototype is patched now
    const calls: unknown[] = [];
    req.on('tick', () => calls.push(seen()));
    req.once('tick', () => calls.push(`once:${seen()}`));
    context.with(ROOT_CONTEXT.setValue(REQUEST, 'emitter'), () => req.emit('tick'));
    req.emit('tick');
    expect(calls).toEqual(['emitter', 'once:emitter', undefined]);
  });

  it('still throws Node’s own error for a listener that is not a function', () => {
    const { req } = emitters();
    bindEmitterContext(requestContext, req);
    expect(() => req.on('tick', 'nope' as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('binds any other emitter with the context manager', () => {
    const emitter = new EventEmitter();
    bindEmitterContext(requestContext, emitter);
    let value: unknown;
    emitter.on('tick', () => {
      value = seen();
    });
    emitter.emit('tick');
    expect(value).toBe('r-1');
  });
});

describe('a response', () => {
  it('binds a response through its request: nothing is added to a response whose request is bound', () => {
    const { req, res } = emitters();
    const twin = emitters().res;
    bindEmitterContext(requestContext, req);
    bindEmitterContext(requestContext, res);
    expect(Reflect.ownKeys(res)).toEqual(Reflect.ownKeys(twin));
    const seenThere: unknown[] = [];
    res.on('tick', () => seenThere.push(seen()));
    res.emit('tick');
    expect(seenThere).toEqual(['r-1']);
  });
});
