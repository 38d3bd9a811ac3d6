/**
 * The files in a paste event. react-dropzone does not handle paste. Chromium names every pasted image
 * `image.png`, so callers must tell images apart by hash, not by name.
 */
export function filesFromClipboard(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (file) files.push(file);
  }
  // Some browsers fill only `files` for pasted files.
  return files.length > 0 ? files : Array.from(data.files ?? []);
}
