// A folder on disk, offered to the page through the browser's folder picker (showDirectoryPicker). Its files
// are copied into the page's origin-private file system, and showDirectoryPicker is made to resolve to that
// folder's real handle, as the picker's dialog would: the app lists and reads it through the File System
// Access API as it would any folder a person picks. Only the dialog itself is not there. For the e2e specs
// and the bench.
import type { Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Copies `dir` into the page's private file system (under its own name) and makes the next calls of
 * showDirectoryPicker resolve to it; with `closeFirst`, the first call rejects as a closed dialog does. The page's
 * `folderPickerCalls` counts the calls.
 */
export async function offerFolder(page: Page, dir: string, { closeFirst = false } = {}): Promise<void> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      return { path: path.relative(dir, full).split(path.sep), base64: readFileSync(full).toString('base64') };
    });
  await page.evaluate(
    async ({ name, files, closeFirst }) => {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry(name, { recursive: true }).catch(() => undefined);
      const top = await root.getDirectoryHandle(name, { create: true });
      for (const f of files) {
        let folder = top;
        for (const part of f.path.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
        const writable = await (await folder.getFileHandle(f.path.at(-1)!, { create: true })).createWritable();
        await writable.write(Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
        await writable.close();
      }
      const w = window as Window & { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle>; folderPickerCalls?: number };
      w.folderPickerCalls = 0;
      w.showDirectoryPicker = async () => {
        w.folderPickerCalls = (w.folderPickerCalls ?? 0) + 1;
        if (closeFirst && w.folderPickerCalls === 1) throw new DOMException('The user aborted a request.', 'AbortError');
        return top;
      };
    },
    { name: path.basename(dir), files, closeFirst },
  );
}
