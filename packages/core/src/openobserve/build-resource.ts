import {
  defaultResource,
  detectResources,
  envDetector,
  type Resource,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import type { ResolvedOpenObserveConfig } from './resolve-openobserve-config.js';

/** SDK defaults, then `OTEL_RESOURCE_ATTRIBUTES`, then our options (so `service.name` is never `unknown_service`). */
export function buildResource(config: ResolvedOpenObserveConfig): Resource {
  return defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes(config.resourceAttributes));
}
