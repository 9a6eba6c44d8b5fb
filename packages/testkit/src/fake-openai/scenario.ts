import type { FakeOpenAIScenario } from './types.js';

/**
 * FIFO of scenarios with a fallback default; each endpoint request takes one.
 *
 * @example
 * ```ts
 * const queue = new ScenarioQueue();
 * queue.enqueue([{ status: 429 }]);
 * queue.next(); // { status: 429 }, then the default scenario
 * ```
 */
export class ScenarioQueue {
  private queue: FakeOpenAIScenario[] = [];
  private fallback: FakeOpenAIScenario = {};

  enqueue(scenarios: FakeOpenAIScenario[]): void {
    this.queue.push(...scenarios.map((scenario) => ({ ...scenario })));
  }

  setDefault(scenario: FakeOpenAIScenario): void {
    this.fallback = { ...scenario };
  }

  /** The next queued scenario, or a copy of the default one when the queue is empty. */
  next(): FakeOpenAIScenario {
    return this.queue.shift() ?? { ...this.fallback };
  }

  clear(): void {
    this.queue = [];
    this.fallback = {};
  }
}
