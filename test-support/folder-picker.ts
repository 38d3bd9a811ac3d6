// A folder on disk, given to the page as a person gives one: dropped on an element (a drag through the
// DevTools protocol, which Chromium turns into a real drop of that folder), or through the browser's folder
// picker (showDirectoryPicker). For the picker, its files are copied into the page's origin-private file
// system and showDirectoryPicker is made to resolve to that folder's real handle, as the picker's dialog
// would: only the dialog itself is not there. For the e2e specs and the bench (Chromium).
import type { Locator, Page } from '@playwright/test';
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

/** Drops the folder (or file) at `dir` on the middle of `target`, as a drag from the desktop would. */
export async function dropFromDisk(page: Page, target: Locator, dir: string): Promise<void> {
  const box = await target.boundingBox();
  if (!box) throw new Error('the drop target is not on screen');
  const cdp = await page.context().newCDPSession(page);
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: [dir], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}
