// Decoding and re-encoding photos takes long enough to stall typing, so it happens here, off the main thread.
import { prepareCore, toRejectionData, type ImageApis, type WorkerRequest, type WorkerResponse } from './prepare-core';

// The app's tsconfig carries the DOM lib, not WebWorker: describe the little of the worker scope used here.
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  postMessage(message: WorkerResponse): void;
}
const scope = self as unknown as WorkerScope;

const apis: ImageApis<ImageBitmap> = {
  decode: (blob, options) => createImageBitmap(blob, options),
  createCanvas: (width, height) => new OffscreenCanvas(width, height),
  toDataUrl: (blob) =>
    new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.onerror = () => reject(reader.error ?? new Error('the image could not be read'));
      reader.readAsDataURL(blob);
    }),
};

scope.addEventListener('message', (event) => {
  const { id, file, name, type, policy } = event.data;
  prepareCore({ blob: file, name, type }, policy, apis).then(
    (image) => scope.postMessage({ id, ok: true, image }),
    (error: unknown) => scope.postMessage({ id, ok: false, rejection: toRejectionData(error, name) }),
  );
});
