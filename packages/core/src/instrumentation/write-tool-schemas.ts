import type { Attributes } from '@opentelemetry/api';
import { limitText } from '../content/limit-text.js';
import { OI } from './attribute-names.js';

const MAX_FLATTENED_TOOLS = 8;

/** `llm.tools.{i}.tool.json_schema` for the first tools offered to the model. */
export function writeToolSchemas(tools: unknown, maxTextLength: number, attributes: Attributes): void {
  if (!Array.isArray(tools)) return;
  for (let index = 0; index < tools.length && index < MAX_FLATTENED_TOOLS; index++) {
    attributes[`${OI.tools}.${index}.tool.json_schema`] = limitText(
      JSON.stringify(tools[index]),
      maxTextLength,
    );
  }
}
