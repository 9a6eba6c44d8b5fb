import { startLocalStack as startTestkitStack } from '@portobserve/testkit';

/** The columns of the seed document's table, as OpenObserve names them. */
const SEED_COLUMNS = [
  'operation_name',
  'llm_model_name',
  'llm_request_parameters_model',
  'gen_ai_request_model',
  'gen_ai_response_model',
  'llm_system',
  'gen_ai_provider_name',
  'llm_token_count_prompt',
  'llm_token_count_completion',
  'llm_token_count_total',
  'gen_ai_usage_cost',
  'openinference_span_kind',
  'duration',
  'span_status',
  'service_name',
] as const;

/**
 * Local defaults for a machine with no `.env`: the testkit's stand-ins, with the environment pointed
 * at them.
 */
export async function startLocalStack() {
  const stack = await startTestkitStack({ serviceName: process.env.OTEL_SERVICE_NAME ?? 'script-demo' });
  Object.assign(process.env, stack.env);
  return {
    async printCapturedRow() {
      const rows = await stack.openobserve.waitForRows((found) =>
        found.some((row) => row.operation_name === 'ChatCompletion'),
      );
      const row = rows.find((found) => found.operation_name === 'ChatCompletion') ?? {};
      console.log('row captured by the OpenObserve stand-in:');
      for (const column of SEED_COLUMNS) console.log(`  ${column.padEnd(30)} ${String(row[column] ?? '')}`);
    },
    stop: () => stack.stop(),
  };
}
