import { parser } from '@prometheus-io/lezer-promql';

/** What a PromQL query reads: the metric names of its selectors and every label it names. */
export interface PromqlReads {
  /** Metric names of the vector selectors, e.g. `gen_ai_client_operation_duration_bucket`. */
  metrics: string[];
  /** Labels in matchers and in `by (...)` / `without (...)` / `on (...)`, e.g. `le`. */
  labels: string[];
  /** Syntax errors Prometheus' own grammar found (an empty list for a valid query). */
  errors: string[];
}

/**
 * Reads a PromQL query with Prometheus' own grammar (`@prometheus-io/lezer-promql`), so a dashboard
 * check can compare the metrics and labels a panel reads with the metric streams OpenObserve stored.
 *
 * @example
 * ```ts
 * promqlReads('sum by (le) (rate(gen_ai_client_operation_duration_bucket[5m]))');
 * // { metrics: ['gen_ai_client_operation_duration_bucket'], labels: ['le'], errors: [] }
 * ```
 */
export function promqlReads(query: string): PromqlReads {
  const metrics = new Set<string>();
  const labels = new Set<string>();
  const errors: string[] = [];
  const cursor = parser.parse(query).cursor();
  do {
    const text = query.slice(cursor.from, cursor.to);
    if (cursor.type.isError)
      errors.push(`syntax error at ${cursor.from}: "${query.slice(cursor.from, cursor.from + 20)}"`);
    else if (cursor.type.name === 'Identifier' && cursor.node.parent?.type.name === 'VectorSelector')
      metrics.add(text);
    else if (cursor.type.name === 'LabelName') labels.add(text);
  } while (cursor.next());
  return { metrics: [...metrics].sort(), labels: [...labels].sort(), errors };
}
