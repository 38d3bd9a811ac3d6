/** SHA-256 of a blob's (or these) bytes as lowercase hex. Needs a secure context (localhost counts). */
export async function sha256Hex(data: Blob | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data instanceof Blob ? await data.arrayBuffer() : (data as Uint8Array<ArrayBuffer>));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
