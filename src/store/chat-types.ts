// The shapes of conversations as the store keeps them (and persistence stores them): chat renders them.
import type { ImageFacts, OriginalImage } from '../images/types';
import type { RunError } from '../runs/run-answer';

/** An image as a message keeps it: by hash; the Blob lives once in the image store. */
export interface ImageRef extends ImageFacts {
  original: Pick<OriginalImage, 'name' | 'width' | 'height' | 'bytes'>;
}

export interface UserMessage {
  id: string;
  role: 'user';
  text: string;
  images: ImageRef[];
  createdAt: number;
}

export type AnswerStatus = 'streaming' | 'ok' | 'error' | 'aborted' | 'incomplete';

/** Why an answer failed: the runner's error, kept on the message. */
export type AnswerError = RunError;

export interface AssistantMessage {
  id: string;
  role: 'assistant';
  text: string;
  status: AnswerStatus;
  finishReason: string | null;
  error: AnswerError | null;
  recordId: string;
  endpointId: string;
  endpointLabel: string;
  model: string;
  createdAt: number;
  ttftMs: number | null;
  tokensPerSecond: number | null;
}

export type Message = UserMessage | AssistantMessage;

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  endpointId: string;
  messages: Message[];
}
