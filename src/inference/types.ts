// The app's one interface for talking to a model: a request in, a stream of events out.
import type { Endpoint, GenerationParams } from '../config/schema';
import type { ImageWithBlob } from '../images/types';
import type { InferenceError, InferenceErrorLike } from './errors';

/**
 * What an adapter needs of an image: its bytes, and their hash and size; and the same bytes as a data: URL
 * when it was made beforehand (when the image was prepared), used as is.
 */
export type ChatImage = Pick<ImageWithBlob, 'sha256' | 'blob' | 'width' | 'height'> & { dataUrl?: string };

export type ChatPart = { type: 'text'; text: string } | { type: 'image'; image: ChatImage };

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  parts: ChatPart[];
}

export interface ChatRequest {
  endpoint: Endpoint;
  /** Kept for the session (or remembered by choice); never stored with records. */
  token?: string;
  /**
   * The turns as the model receives them. The system prompt travels here as a `system` turn: the adapters
   * never add `endpoint.systemPrompt` themselves, so a user who cleared it really sends none.
   */
  messages: ChatTurn[];
  params: GenerationParams;
  /** Stop sequences (not part of GenerationParams because no preset offers them yet). */
  stop?: string[];
}

export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

export type StreamEvent =
  /** `deltas`: how many of the stream's deltas the text joins (1 when absent; read in a worker, they come gathered). */
  | { type: 'delta'; text: string; deltas?: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'done'; finishReason: string | null }
  /** The stream failed; like `done`, it is the last event, so consumers never need try/catch. */
  | { type: 'error'; error: InferenceError }
  /**
   * Before the first token only: the app waits `waitMs` and then tries again. `attempt` counts retries
   * from 1 (the first retry is attempt 1).
   */
  | { type: 'retry'; attempt: number; waitMs: number; error: InferenceErrorLike };
