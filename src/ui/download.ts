// Saving what the app made (an export) as a file the browser downloads.

/** Saves a Blob as a file through a temporary object URL. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns in Chromium; the delay is for slower browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `<prefix>-<yyyymmdd-hhmm>.<ext>`, local time: exports made on different days or hours sort and never clash. */
export function stampedName(prefix: string, ext: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}.${ext}`;
}
