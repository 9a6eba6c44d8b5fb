import { markErrorBody } from '../mapping/portkey-attributes.js';
import { createWarnOnce } from '../openobserve/warn-once.js';
import { type CreateTarget, classTargets, instanceTargets, openAIMajorVersion } from './openai-targets.js';
import { isWrapped, type WrapperState, wrapCreateMethod } from './wrap-create-method.js';

/** Tested `openai` majors; others get a warning, and are still patched. */
const TESTED_MAJORS = new Set([5, 6, 7]);
const warnOnce = createWarnOnce();
const STATUS_ERRORS_PATCHED = Symbol.for('portobserve.openai.status-errors-patched');

/**
 * Patches an `OpenAI` class (its resource prototypes) or one client (its resources): each `create`
 * becomes one span, and the SDK's errors keep the gateway's own failure. Returns the undo.
 */
export function patchOpenAI(target: object, state: WrapperState): () => void {
  warnIfUntested(target);
  const isClass = typeof target === 'function';
  const targets = isClass
    ? classTargets(target as unknown as Record<string, unknown>)
    : instanceTargets(target as Record<string, unknown>);
  if (targets.length === 0) {
    warnOnce(
      'no-resources',
      'instrumentOpenAI(): this openai object has no chat.completions, completions, embeddings or responses ' +
        'resource to patch; nothing is traced for it. Pass the OpenAI class or a client.',
    );
  }
  const undo = targets.map((createTarget) => wrapTarget(createTarget, state));
  const statusErrors = isClass ? (target as { prototype?: object }).prototype : target;
  undo.push(patchStatusErrors(statusErrors));
  return () => {
    for (const step of undo.splice(0)) step();
  };
}

function wrapTarget({ owner, operation }: CreateTarget, state: WrapperState): () => void {
  const current = owner.create as (this: unknown, ...args: unknown[]) => unknown;
  // Already ours (an earlier call, or another copy of core): one wrapper is enough.
  if (isWrapped(current) && Object.hasOwn(owner, 'create')) return () => {};
  const hadOwn = Object.hasOwn(owner, 'create');
  const wrapped = wrapCreateMethod(current, operation, state);
  owner.create = wrapped;
  return () => {
    if (owner.create !== wrapped) return;
    if (hadOwn) owner.create = current;
    else delete owner.create;
  };
}

/**
 * The SDK builds its errors in `makeStatusError(status, bodyJson, ...)` and keeps only `body.error`;
 * the gateway's own failures (`{"status":"failure","message":...}`) would lose both the fact and the
 * message. Wrapping it marks such errors (once per class or client).
 */
function patchStatusErrors(owner: object | undefined): () => void {
  const record = owner as Record<PropertyKey, unknown> | undefined;
  const original = record?.makeStatusError;
  if (!record || typeof original !== 'function' || STATUS_ERRORS_PATCHED in original) return () => {};
  const hadOwn = Object.hasOwn(record, 'makeStatusError');
  const patched = function makeStatusError(this: unknown, ...args: unknown[]): unknown {
    const error = original.apply(this, args);
    markErrorBody(error, args[1]);
    return error;
  };
  Object.defineProperty(patched, STATUS_ERRORS_PATCHED, { value: true });
  record.makeStatusError = patched;
  return () => {
    if (record.makeStatusError !== patched) return;
    if (hadOwn) record.makeStatusError = original;
    else delete record.makeStatusError;
  };
}

function warnIfUntested(target: object): void {
  const { version, major } = openAIMajorVersion(target);
  if (major === undefined || TESTED_MAJORS.has(major) || !version) return;
  warnOnce(
    `untested-${version}`,
    `openai ${version} has not been tested with @portobserve/core (tested: 5.x, 6.x, 7.x). ` +
      'It is instrumented anyway; if spans look wrong, please report it.',
  );
}
