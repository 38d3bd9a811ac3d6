// The inference module's public face. Importing it does not load @huggingface/inference: adapters import it
// on the first request.
export { streamChat, listModels, modelsUrl, abortableSleep, defaultTimeouts, type StreamChatOptions } from './client';
export { InferenceError, toInferenceError, codeForStatus, type ErrorContext } from './errors';
export { describeError, describeRetry, type ErrorLang, type ErrorWords, type ErrorWordsContext } from './error-words';
export { retryPolicy, nextRetryDelay } from './retry';
export { chunksToEvents } from './stream';
export { buildOpenAIBody, buildOpenAIMessages, MODEL_WHEN_UNSET, type OpenAIChatBody } from './openai-chat';
export { loadLibrary as preloadInference } from './transport';
export type * from './types';
