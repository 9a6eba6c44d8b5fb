import type { ServerAttributes } from '../server-value.js';
import { stringAt } from '../server-value.js';

/** The agent fields OpenObserve writes on every LLM span (`AgentExtractor`). */
export interface AgentIdentity {
  /** Written to `gen_ai.agent.name`. */
  name: string | undefined;
  /** Written to `gen_ai.agent.id`. */
  id: string | undefined;
  /** Written to `deployment.environment.name`. */
  environment: string | undefined;
  /** Written to `gen_ai.agent.version`. */
  version: string | undefined;
}

/** The standard key first, then OpenObserve's built-in fallbacks (`src/config/src/meta/gen_ai.rs`). */
const AGENT_FIELDS: Record<keyof AgentIdentity, readonly string[]> = {
  name: ['gen_ai.agent.name', 'agent.name', 'llm.agent.name', 'gcp.vertex.agent.name', 'crewai.task.agent'],
  id: ['gen_ai.agent.id', 'agent.id', 'agent_id', 'llm.agent.id', 'llm.agent_id'],
  environment: [
    'deployment.environment.name',
    'deployment.environment',
    'env',
    'environment',
    'k8s.namespace.name',
  ],
  version: ['gen_ai.agent.version', 'service.version', 'app.version', 'git.commit.sha'],
};

function trimmedString(attributes: ServerAttributes, key: string): string | undefined {
  const trimmed = stringAt(attributes, key)?.trim();
  return trimmed ? trimmed : undefined;
}

function resolve(
  span: ServerAttributes,
  resource: ServerAttributes,
  keys: readonly string[],
): string | undefined {
  for (const key of keys) {
    const value = trimmedString(span, key);
    if (value !== undefined) {
      return value;
    }
  }
  for (const key of keys) {
    const value = trimmedString(resource, key) ?? trimmedString(resource, `service_${key}`);
    if (value !== undefined) {
      return value;
    }
  }
  return undefined;
}

/**
 * Resolves the agent identity like OpenObserve (`src/core/src/traces/otel/extractors/agent.rs`,
 * with no per-organization mapping): each field from the span's keys in order, then the resource's
 * (a resource key `k` is held as `service_k`), values trimmed and blanks skipped. So a resource
 * `service.version` becomes `gen_ai.agent.version` and a resource `deployment.environment`
 * becomes `deployment.environment.name` on every LLM span.
 *
 * @example
 * ```ts
 * agentIdentity(new Map(), new Map([['service_service.version', '1.2.0']])).version; // '1.2.0'
 * ```
 */
export function agentIdentity(span: ServerAttributes, resource: ServerAttributes): AgentIdentity {
  return {
    name: resolve(span, resource, AGENT_FIELDS.name),
    id: resolve(span, resource, AGENT_FIELDS.id),
    environment: resolve(span, resource, AGENT_FIELDS.environment),
    version: resolve(span, resource, AGENT_FIELDS.version),
  };
}
