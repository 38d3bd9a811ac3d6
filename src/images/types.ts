// The one family of image shapes. Every image the app handles after intake is known by the hash of the
// bytes that are sent and what those bytes are (ImageFacts): records keep exactly that, the image store adds
// the Blob, a message adds what the user's file was, a prepared image adds both, a model gets the Blob.

/** The bytes that are sent, by hash, and what they are. */
export interface ImageFacts {
  /** SHA-256 (hex) of the bytes that are sent. */
  sha256: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

/** The file as the user gave it, before preparation. */
export interface OriginalImage {
  name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  exifOrientation: number | null;
}

/** An image with its bytes in hand. */
export interface ImageWithBlob extends ImageFacts {
  blob: Blob;
}
