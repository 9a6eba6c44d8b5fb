import type { ServerAttributes } from '../server-value.js';
import { stringAt } from '../server-value.js';

const USER_ID_KEYS = ['user.id', 'ai.telemetry.metadata.userId', 'service_user.id'];
const SESSION_ID_KEYS = [
  'session.id',
  'gen_ai.conversation.id',
  'ai.telemetry.metadata.sessionId',
  'langfuse.observation.metadata.langfuse_session_id',
  'langfuse.observation.metadata.session_id',
  'service_session.id',
];

function firstString(
  span: ServerAttributes,
  resource: ServerAttributes,
  keys: readonly string[],
): string | undefined {
  for (const attributes of [span, resource]) {
    for (const key of keys) {
      const value = stringAt(attributes, key);
      if (value !== undefined) {
        return value;
      }
    }
  }
  return undefined;
}

/**
 * The user OpenObserve writes back to `user.id` (`MetadataExtractor::extract_user_id`,
 * `src/core/src/traces/otel/extractors/metadata.rs`): `user.id`, `ai.telemetry.metadata.userId`,
 * `service_user.id` on the span, then the same keys on the resource (whose keys are
 * `service_<key>`, so a resource `user.id` is found as `service_user.id`).
 *
 * @example
 * ```ts
 * userId(new Map(), new Map([['service_user.id', 'u1']])); // 'u1'
 * ```
 */
export function userId(span: ServerAttributes, resource: ServerAttributes): string | undefined {
  return firstString(span, resource, USER_ID_KEYS);
}

/**
 * The session OpenObserve writes to `gen_ai.conversation.id` (`extract_session_id`):
 * `session.id`, `gen_ai.conversation.id`, the Vercel and langfuse session ids, `service_session.id`,
 * on the span, then on the resource.
 *
 * @example
 * ```ts
 * sessionId(new Map([['session.id', 's1'], ['gen_ai.conversation.id', 'c1']]), new Map()); // 's1'
 * ```
 */
export function sessionId(span: ServerAttributes, resource: ServerAttributes): string | undefined {
  return firstString(span, resource, SESSION_ID_KEYS);
}
