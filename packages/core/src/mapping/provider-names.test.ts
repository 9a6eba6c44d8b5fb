import type { Attributes } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { writeUsageAttributes } from './normalized-usage.js';
import { writePortkeyResponseAttributes } from './portkey-attributes.js';
import { genAIProviderName } from './provider-names.js';

describe('the served provider', () => {
  it.each([
    ['openai', 'openai'],
    ['azure-openai', 'azure.ai.openai'],
    ['bedrock', 'aws.bedrock'],
    ['vertex-ai', 'gcp.vertex_ai'],
    ['google', 'gcp.gemini'],
    ['anthropic', 'anthropic'],
    ['mistral-ai', 'mistral_ai'],
    ['groq', 'groq'],
    ['x-ai', 'x_ai'],
    ['deepseek', 'deepseek'],
    ['cohere', 'cohere'],
    ['perplexity-ai', 'perplexity'],
    ['together-ai', 'together-ai'],
  ])('Portkey slug %s is gen_ai.provider.name %s', (slug, name) => {
    expect(genAIProviderName(slug)).toBe(name);
  });

  it('keeps the raw slug in portkey.provider and llm.provider; gen_ai.system only when opted in', () => {
    const headers = new Headers({ 'x-portkey-provider': 'azure-openai', 'x-portkey-trace-id': 't-1' });
    const attributes: Attributes = {};
    writePortkeyResponseAttributes(headers, attributes);
    expect(attributes).toEqual({
      'portkey.trace_id': 't-1',
      'portkey.provider': 'azure-openai',
      'llm.provider': 'azure-openai',
      'gen_ai.provider.name': 'azure.ai.openai',
    });
    const optedIn: Attributes = {};
    writePortkeyResponseAttributes(headers, optedIn, true);
    expect(optedIn['gen_ai.system']).toBe('azure.ai.openai');
  });
});

describe('prices of Portkey model-catalog names', () => {
  it('prices @slug/model as the model after the slug', () => {
    const catalog: Attributes = {};
    const plain: Attributes = {};
    writeUsageAttributes(
      { promptTokens: 1000, completionTokens: 100 },
      '@openai-prod/gpt-4o-mini',
      undefined,
      catalog as never,
    );
    writeUsageAttributes(
      { promptTokens: 1000, completionTokens: 100 },
      'gpt-4o-mini',
      undefined,
      plain as never,
    );
    expect(catalog['gen_ai.usage.cost']).toBeGreaterThan(0);
    expect(catalog['gen_ai.usage.cost']).toBe(plain['gen_ai.usage.cost']);
  });
});
