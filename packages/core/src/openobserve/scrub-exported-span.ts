import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { scrubSecrets } from '../mapping/scrub-secrets.js';

/** The event attributes where an error's text lands: `recordException()` writes both. */
const ERROR_TEXT_KEYS = ['exception.message', 'exception.stacktrace'] as const;

/**
 * The span as it goes on the wire, with API keys and bearer tokens scrubbed from its error texts: each
 * event's `exception.message` and `exception.stacktrace`, and the status message. Our own LLM spans
 * are scrubbed when the error is recorded; this covers every other span the export carries: Next.js's
 * own request span (it records the route's error as it was thrown, an upstream's "Incorrect API key
 * provided: sk-..." included), other instrumentations', and a user's `recordException()`. A span
 * with nothing to scrub is returned as it is; one with something is a view over it, the ended span
 * itself left untouched.
 */
export function scrubExportedSpan(span: ReadableSpan): ReadableSpan {
  const events = span.events;
  const statusMessage = span.status.message;
  if (events.length === 0 && !statusMessage) return span;

  let scrubbedEvents: TimedEvent[] | undefined;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as TimedEvent;
    const attributes = event.attributes && scrubErrorTexts(event.attributes);
    if (!attributes) continue;
    scrubbedEvents ??= events.slice();
    scrubbedEvents[index] = { ...event, attributes };
  }
  const scrubbedMessage = statusMessage ? scrubSecrets(statusMessage) : statusMessage;
  if (!scrubbedEvents && scrubbedMessage === statusMessage) return span;

  const overrides: PropertyDescriptorMap = {};
  if (scrubbedEvents) overrides.events = { value: scrubbedEvents };
  if (scrubbedMessage !== statusMessage)
    overrides.status = { value: { ...span.status, message: scrubbedMessage } };
  // Everything else (span context, attributes, resource...) is read through to the span itself.
  return Object.create(span, overrides) as ReadableSpan;
}

/** The attributes with their error texts scrubbed, or undefined when none had a secret. */
function scrubErrorTexts(attributes: Attributes): Attributes | undefined {
  let scrubbed: Attributes | undefined;
  for (const key of ERROR_TEXT_KEYS) {
    const value = attributes[key];
    if (typeof value !== 'string') continue;
    const clean = scrubSecrets(value);
    if (clean === value) continue;
    scrubbed ??= { ...attributes };
    scrubbed[key] = clean;
  }
  return scrubbed;
}
