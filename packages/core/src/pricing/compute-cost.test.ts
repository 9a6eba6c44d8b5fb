import { describe, expect, it } from 'vitest';
import { computeCost, findModelPrice } from './compute-cost.js';
import { OPENAI_PRICES } from './openai-prices.js';

describe('findModelPrice', () => {
  it('maps dated snapshots to their base model, and never prefix-matches a sibling', () => {
    expect(findModelPrice('gpt-4o-mini-2024-07-18')).toBe(OPENAI_PRICES['gpt-4o-mini']);
    expect(findModelPrice('gpt-4o-2024-08-06')).toBe(OPENAI_PRICES['gpt-4o']);
    expect(findModelPrice('gpt-4-0613')).toBe(OPENAI_PRICES['gpt-4']);
  });

  it('gives no price for an unknown model', () => {
    expect(findModelPrice('my-finetune')).toBeUndefined();
    expect(findModelPrice('gpt-4o-mini-custom')).toBeUndefined();
  });

  it('lets overrides add and replace models', () => {
    const overrides = { 'my-model': { input: 1e-6, output: 2e-6 }, 'gpt-4o': { input: 0, output: 0 } };
    expect(findModelPrice('my-model-2025-01-01', overrides)).toEqual({ input: 1e-6, output: 2e-6 });
    expect(findModelPrice('gpt-4o', overrides)).toEqual({ input: 0, output: 0 });
  });
});

describe('computeCost', () => {
  it('prices cached prompt tokens at the cached rate', () => {
    const price = { input: 2e-6, cachedInput: 1e-6, output: 8e-6 };
    expect(computeCost(price, 1000, 100, 400)).toEqual({ prompt: 0.0016, completion: 0.0008, total: 0.0024 });
  });

  it('uses the input price for cached tokens when the model has no cache discount', () => {
    expect(computeCost({ input: 1e-6, output: 1e-6 }, 10, 0, 10)).toEqual({
      prompt: 0.00001,
      completion: 0,
      total: 0.00001,
    });
  });
});
