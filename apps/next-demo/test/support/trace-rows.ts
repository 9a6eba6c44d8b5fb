import { randomBytes } from 'node:crypto';
import type { OpenObserveDouble, OpenObserveRow } from '@portobserve/testkit';

/** OTLP span kind 2, as the OpenObserve double stores it. */
export const SERVER_KIND = '2';

/** A fresh W3C trace context, so a request's spans can be found by its trace id. */
export function newTraceparent(): { traceId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  return { traceId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` };
}

/** Waits until the trace has a row named `operationName` (and, optionally, an LLM row), and returns its rows. */
export async function waitForTrace(
  openobserve: OpenObserveDouble,
  traceId: string,
  wanted: { operationName: string; llm?: boolean },
): Promise<OpenObserveRow[]> {
  const rows = await openobserve.waitForRows(
    (all) => {
      const trace = all.filter((row) => row.trace_id === traceId);
      return (
        trace.some((row) => row.operation_name === wanted.operationName) &&
        (!wanted.llm || trace.some((row) => row.openinference_span_kind === 'LLM'))
      );
    },
    { timeoutMs: 10_000 },
  );
  return rows.filter((row) => row.trace_id === traceId);
}

/** The row itself, then its parent, grandparent... as far as the trace's rows go. */
export function ancestry(rows: OpenObserveRow[], row: OpenObserveRow): OpenObserveRow[] {
  const byId = new Map(rows.map((found) => [found.span_id, found]));
  const chain = [row];
  let current = row;
  while (current.reference_parent_span_id) {
    const parent = byId.get(current.reference_parent_span_id);
    if (!parent || chain.includes(parent)) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

export function only(rows: OpenObserveRow[], predicate: (row: OpenObserveRow) => boolean): OpenObserveRow {
  const found = rows.filter(predicate);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one matching row, found ${found.length}: ${JSON.stringify(rows, null, 2)}`,
    );
  }
  return found[0] as OpenObserveRow;
}
