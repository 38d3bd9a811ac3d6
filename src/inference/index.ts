// The inference module's public face. Importing it does not load @huggingface/inference: adapters import it
// on the first request.
export { preloadInference, streamChat } from './stream-in-worker';
export { isErrorCode, type ErrorCode } from './errors';
export { describeError, describeStoredError } from './error-words';
export { blobToDataUrl } from './transport';
export type * from './types';
