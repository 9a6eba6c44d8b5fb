import type { ServerResponse } from 'node:http';
import { sendJson } from './http-io.js';
import type { FakeOpenAIScenario } from './types.js';

interface ErrorDefaults {
  message: string;
  type: string;
  code: string | null;
}

function defaultsFor(status: number): ErrorDefaults {
  switch (status) {
    case 400:
      return { message: 'Invalid request.', type: 'invalid_request_error', code: null };
    case 401:
      return {
        message: 'Incorrect API key provided.',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      };
    case 403:
      return {
        message: 'You are not allowed to sample from this model.',
        type: 'invalid_request_error',
        code: null,
      };
    case 404:
      return { message: 'The model does not exist.', type: 'invalid_request_error', code: 'model_not_found' };
    case 408:
      return { message: 'Request timed out.', type: 'timeout_error', code: null };
    case 429:
      return { message: 'Rate limit reached for requests.', type: 'requests', code: 'rate_limit_exceeded' };
    default:
      return status >= 500
        ? {
            message: 'The server had an error while processing your request.',
            type: 'server_error',
            code: null,
          }
        : { message: `Request failed with status ${status}.`, type: 'invalid_request_error', code: null };
  }
}

/**
 * Send an OpenAI-style error: `{"error":{"message","type","param":null,"code"}}`.
 *
 * @example
 * ```ts
 * sendOpenAIError(res, 400, { message: 'Bad input', param: 'messages' });
 * ```
 */
export function sendOpenAIError(
  res: ServerResponse,
  status: number,
  error: { message?: string; type?: string; code?: string | null; param?: string | null },
): void {
  const defaults = defaultsFor(status);
  sendJson(res, status, {
    error: {
      message: error.message ?? defaults.message,
      type: error.type ?? defaults.type,
      param: error.param ?? null,
      code: error.code === undefined ? defaults.code : error.code,
    },
  });
}

/**
 * Send the error a scenario with `status` asks for.
 *
 * @example
 * ```ts
 * sendScenarioError(res, { status: 429, errorMessage: 'slow down' });
 * ```
 */
export function sendScenarioError(
  res: ServerResponse,
  scenario: FakeOpenAIScenario & { status: number },
): void {
  sendOpenAIError(res, scenario.status, {
    message: scenario.errorMessage,
    type: scenario.errorType,
    code: scenario.errorCode,
  });
}
