/**
 * Portkey's provider slugs (`x-portkey-provider`) as GenAI semantic-convention `gen_ai.provider.name`
 * well-known values. A slug without a well-known value is used as it is, as the conventions ask.
 */
const GENAI_PROVIDER_BY_PORTKEY_SLUG: Readonly<Record<string, string>> = {
  openai: 'openai',
  'azure-openai': 'azure.ai.openai',
  'azure-ai': 'azure.ai.inference',
  bedrock: 'aws.bedrock',
  'vertex-ai': 'gcp.vertex_ai',
  google: 'gcp.gemini',
  anthropic: 'anthropic',
  'mistral-ai': 'mistral_ai',
  groq: 'groq',
  'x-ai': 'x_ai',
  xai: 'x_ai',
  deepseek: 'deepseek',
  cohere: 'cohere',
  'perplexity-ai': 'perplexity',
  perplexity: 'perplexity',
  watsonx: 'ibm.watsonx.ai',
};

/**
 * The `gen_ai.provider.name` of the provider Portkey says served the call.
 *
 * @example
 * ```ts
 * genAIProviderName('azure-openai'); // 'azure.ai.openai'
 * genAIProviderName('together-ai'); // 'together-ai'
 * ```
 */
export function genAIProviderName(portkeySlug: string): string {
  return GENAI_PROVIDER_BY_PORTKEY_SLUG[portkeySlug.toLowerCase()] ?? portkeySlug;
}
