import type { Attributes } from '@opentelemetry/api';
import { OI } from '../mapping/attribute-names.js';
import { toLimitedJson } from './to-limited-json.js';

const MAX_FLATTENED_TOOLS = 8;

/** `llm.tools.{i}.tool.json_schema` (OpenInference) for the first tools offered to the model. */
export function writeToolSchemas(
  tools: readonly unknown[],
  maxTextLength: number,
  attributes: Attributes,
): void {
  for (let index = 0; index < tools.length && index < MAX_FLATTENED_TOOLS; index++) {
    attributes[`${OI.tools}.${index}.tool.json_schema`] = toLimitedJson(tools[index], maxTextLength);
  }
}
