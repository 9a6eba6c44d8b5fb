import { attempt } from '../mapping/attempt.js';

/** A call whose span waits on the app: a response or stream not read yet, ended by its idle timer. */
export interface WaitingCall {
  /** Ends the call now, as its idle timer would. */
  endIdle(): void;
  /** True once a read of its stream has started: the app is using it. */
  readonly everRead: boolean;
  /** The call's span, to tell whose provider it belongs to. */
  readonly span: object;
}

// One set for every copy of core in the process (a bundled route's copy and the app's), so whichever
// copy's `openobserveInit` sees the process end ends the calls of all of them.
const WAITING_KEY = Symbol.for('portobserve.waiting-calls');
type GlobalWithWaiting = typeof globalThis & { [WAITING_KEY]?: Set<WaitingCall> };

function waitingCalls(): Set<WaitingCall> {
  const scope = globalThis as GlobalWithWaiting;
  scope[WAITING_KEY] ??= new Set<WaitingCall>();
  return scope[WAITING_KEY];
}

/** The call's idle timer is armed. */
export function noteWaiting(call: WaitingCall): void {
  waitingCalls().add(call);
}

/** The call's idle timer is off (it ended, or its body is being parsed). */
export function noteNotWaiting(call: WaitingCall): void {
  waitingCalls().delete(call);
}

/**
 * Ends the calls still waiting on the app, as their idle timers would, so their spans are in the
 * flush that follows: an idle timer never fires once the process is ending (it does not keep the
 * process alive). `inUse: false` leaves a stream the app has started reading to end on its own, and
 * `spans` keeps to the calls whose span is in it (at one provider's `shutdown()`, while the app runs
 * on). Never throws.
 */
export function endWaitingCalls(options: { inUse: boolean; spans?: WeakSet<object> }): void {
  for (const call of [...waitingCalls()]) {
    if (!options.inUse && call.everRead) continue;
    if (options.spans && !options.spans.has(call.span)) continue;
    attempt('a call left unread', () => call.endIdle());
  }
}
