// Facts from OpenObserve's tests in src/core/src/traces/otel/extractors/{model,provider,metadata,
// agent,tool,prompt}.rs, HEAD fbab9b80. Resource attributes are keyed as the ingest path keys them
// (`service_<key>`, `resource_attribute_key` in src/core/src/traces/mod.rs) unless a test says so.
import { describe, expect, it } from 'vitest';
import { agentIdentity } from './agent-identity.js';
import { providerName, responseModel } from './model-and-provider.js';
import { attributes } from './test-attributes.js';
import { promptName, toolFields } from './tool-fields.js';
import { sessionId, userId } from './user-and-session.js';

describe('responseModel (ModelExtractor)', () => {
  it.each<[string, Record<string, string | string[]>, string | undefined]>([
    ['gen_ai.response.model', { 'gen_ai.response.model': 'gpt-4' }, 'gpt-4'],
    [
      'response over request',
      { 'gen_ai.request.model': 'gpt-3.5', 'gen_ai.response.model': 'gpt-4' },
      'gpt-4',
    ],
    ['the request model', { 'gen_ai.request.model': 'gpt-3.5' }, 'gpt-3.5'],
    [
      'ai.model.id over the request model',
      { 'gen_ai.request.model': 'gpt-3.5', 'ai.model.id': 'gpt-4-turbo' },
      'gpt-4-turbo',
    ],
    ['llm.model_name', { 'llm.model_name': 'llama3' }, 'llama3'],
    ['the langfuse model', { 'langfuse.observation.model.name': 'claude-3-haiku' }, 'claude-3-haiku'],
    ['llm.response.model', { 'llm.response.model': 'mistral-7b' }, 'mistral-7b'],
    ['a plain model key', { model: 'claude-3' }, 'claude-3'],
    ['an empty string', { 'gen_ai.response.model': '' }, ''],
    [
      'a first key that is not a string (no fallback)',
      { 'gen_ai.response.model': ['x'], 'llm.model_name': 'm' },
      undefined,
    ],
    ['nothing', {}, undefined],
  ])('reads %s', (_label, entries, expected) => {
    expect(responseModel(attributes(entries))).toBe(expected);
  });
});

describe('providerName (ProviderExtractor)', () => {
  it.each<[string, Record<string, string>, string | undefined]>([
    ['gen_ai.provider.name', { 'gen_ai.provider.name': 'openai' }, 'openai'],
    ['gen_ai.system', { 'gen_ai.system': 'anthropic' }, 'anthropic'],
    ['ai.model.provider', { 'ai.model.provider': 'google' }, 'google'],
    [
      'provider.name over system',
      { 'gen_ai.provider.name': 'openai', 'gen_ai.system': 'anthropic' },
      'openai',
    ],
    ['langfuse ls_provider', { 'langfuse.observation.metadata.ls_provider': 'openai' }, 'openai'],
    [
      'not llm.provider / llm.system / portkey.provider',
      { 'llm.provider': 'a', 'llm.system': 'b', 'portkey.provider': 'c' },
      undefined,
    ],
  ])('reads %s', (_label, entries, expected) => {
    expect(providerName(attributes(entries))).toBe(expected);
  });
});

describe('userId and sessionId (MetadataExtractor)', () => {
  it('reads the user from the span, then the resource (test_extract_user_id_*)', () => {
    expect(userId(attributes({ 'user.id': 'user_123' }), attributes({}))).toBe('user_123');
    expect(userId(attributes({}), attributes({ 'user.id': 'res_user' }))).toBe('res_user');
    expect(userId(attributes({ 'user.id': 'span_user' }), attributes({ 'user.id': 'res_user' }))).toBe(
      'span_user',
    );
    expect(userId(attributes({ 'ai.telemetry.metadata.userId': 'vercel_user' }), attributes({}))).toBe(
      'vercel_user',
    );
    expect(userId(attributes({ 'service_user.id': 'svc_user' }), attributes({}))).toBe('svc_user');
    expect(userId(attributes({ 'user.id': ['42'] }), attributes({}))).toBeUndefined();
    expect(userId(attributes({}), attributes({}))).toBeUndefined();
  });

  it('finds a resource user.id under its ingest key service_user.id', () => {
    expect(userId(attributes({}), attributes({ 'service_user.id': 'u1' }))).toBe('u1');
  });

  it('reads the session from session.id first, then gen_ai.conversation.id and the rest (test_extract_session_id_*)', () => {
    expect(sessionId(attributes({ 'session.id': 'session_abc' }), attributes({}))).toBe('session_abc');
    expect(sessionId(attributes({ 'gen_ai.conversation.id': 'conv_456' }), attributes({}))).toBe('conv_456');
    expect(
      sessionId(attributes({ 'session.id': 's1', 'gen_ai.conversation.id': 'c1' }), attributes({})),
    ).toBe('s1');
    expect(
      sessionId(attributes({ 'ai.telemetry.metadata.sessionId': 'vercel_session' }), attributes({})),
    ).toBe('vercel_session');
    expect(
      sessionId(
        attributes({ 'langfuse.observation.metadata.langfuse_session_id': 'lf_meta_session' }),
        attributes({}),
      ),
    ).toBe('lf_meta_session');
    expect(
      sessionId(attributes({ 'langfuse.observation.metadata.session_id': 'lf_session' }), attributes({})),
    ).toBe('lf_session');
    expect(sessionId(attributes({}), attributes({ 'session.id': 'res_session' }))).toBe('res_session');
    expect(sessionId(attributes({ 'service_session.id': 'svc_session' }), attributes({}))).toBe(
      'svc_session',
    );
  });
});

describe('agentIdentity (AgentExtractor, no organization mapping)', () => {
  it('prefers the standard field and falls back on blanks, trimming values (test_standard_agent_fields_win_*, test_whitespace_*, test_trims_*)', () => {
    expect(
      agentIdentity(
        attributes({ 'gen_ai.agent.name': 'standard-agent', 'agent.name': 'builtin-agent' }),
        attributes({}),
      ).name,
    ).toBe('standard-agent');
    expect(
      agentIdentity(
        attributes({ 'gen_ai.agent.name': '  \t', 'agent.name': 'builtin-agent' }),
        attributes({}),
      ).name,
    ).toBe('builtin-agent');
    expect(agentIdentity(attributes({ 'agent.name': '  agent with spaces  ' }), attributes({})).name).toBe(
      'agent with spaces',
    );
  });

  it('does not take service.name as the agent name (test_service_name_is_not_span_agent_fallback)', () => {
    expect(agentIdentity(attributes({ 'service.name': 'svc-a' }), attributes({})).name).toBeUndefined();
  });

  it('reads environment and version from the resource, service.version included (test_extracts_env_and_version_from_resource, test_version_falls_back_to_service_version)', () => {
    const standard = agentIdentity(
      attributes({ 'gen_ai.agent.name': 'a' }),
      attributes({ 'deployment.environment.name': 'production', 'gen_ai.agent.version': '1.2.0' }),
    );
    expect(standard).toMatchObject({ environment: 'production', version: '1.2.0' });
    expect(agentIdentity(attributes({}), attributes({ 'service.version': '0.1.0' })).version).toBe('0.1.0');
    const ingestKeys = agentIdentity(
      attributes({}),
      attributes({ 'service_service.version': '2.0.0', 'service_deployment.environment': 'test' }),
    );
    expect(ingestKeys).toMatchObject({ version: '2.0.0', environment: 'test' });
  });

  it('takes the resource as a fallback only (test_resource_agent_fields_are_fallback, test_span_agent_fields_win_*)', () => {
    const resource = attributes({
      'service_gen_ai.agent.name': 'resource-agent',
      'service_gen_ai.agent.id': 'resource-id',
    });
    expect(agentIdentity(attributes({}), resource)).toMatchObject({
      name: 'resource-agent',
      id: 'resource-id',
    });
    expect(
      agentIdentity(
        attributes({ 'gen_ai.agent.name': 'span-agent', 'gen_ai.agent.id': 'span-id' }),
        resource,
      ),
    ).toMatchObject({ name: 'span-agent', id: 'span-id' });
  });
});

describe('toolFields and promptName (ToolExtractor, PromptExtractor)', () => {
  it('reads the tool name across conventions (test_extract_tool_name_*)', () => {
    expect(toolFields(attributes({ 'gen_ai.tool.name': 'get_weather' })).name).toBe('get_weather');
    expect(toolFields(attributes({ 'tool.name': 'file_search' })).name).toBe('file_search');
    expect(toolFields(attributes({ 'gen_ai.tool.name': ' ', 'langchain.tool.name': 'lc' })).name).toBe('lc');
    expect(toolFields(attributes({})).name).toBeUndefined();
  });

  it('reads the call id, arguments and result', () => {
    expect(
      toolFields(
        attributes({
          'langfuse.observation.metadata.tool.id': 'toolu_01',
          'gen_ai.tool.call.arguments': '{"city":"San Francisco"}',
          'gen_ai.tool.call.result': '{"temperature":72}',
        }),
      ),
    ).toEqual({
      name: undefined,
      callId: 'toolu_01',
      callArguments: '{"city":"San Francisco"}',
      callResult: '{"temperature":72}',
    });
  });

  it('reads the prompt name from gen_ai then langfuse (test_extract_prompt_name_*)', () => {
    expect(promptName(attributes({ 'gen_ai.prompt.name': 'my_prompt' }))).toBe('my_prompt');
    expect(promptName(attributes({ 'langfuse.observation.prompt.name': 'langfuse_prompt' }))).toBe(
      'langfuse_prompt',
    );
    expect(
      promptName(attributes({ 'gen_ai.prompt.name': 'g', 'langfuse.observation.prompt.name': 'l' })),
    ).toBe('g');
  });
});
