import { chat } from './chat.js';
import { embedding } from './embedding.js';
import { fallback } from './fallback.js';
import { rateLimit } from './rate-limit.js';
import type { StoryStep } from './story-step.js';
import { streamedChat } from './streamed-chat.js';
import { toolCalls } from './tool-calls.js';

/** The six calls, in order. */
export const STORY: readonly StoryStep[] = [chat, streamedChat, toolCalls, embedding, rateLimit, fallback];
