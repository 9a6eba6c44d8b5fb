import { describe, expect, it } from 'vitest';
import { promqlReads } from './promql-reads.js';

describe('promqlReads', () => {
  it('lists the metrics and labels a query reads', () => {
    expect(
      promqlReads(
        'histogram_quantile(0.95, sum by (le) (rate(gen_ai_client_operation_duration_bucket{service_name=~".+"}[5m]))) * 1000',
      ),
    ).toEqual({
      metrics: ['gen_ai_client_operation_duration_bucket'],
      labels: ['le', 'service_name'],
      errors: [],
    });
  });

  it('reports a query Prometheus would not parse', () => {
    expect(promqlReads('sum by (le (rate(x[5m]))').errors).not.toEqual([]);
  });
});
