// The app as a smoke test drives it: only through the documented data-testid contract, so that the same
// steps work on any deployed copy. Intent methods; the spec decides what counts as a pass.
import { expect, type Locator, type Page } from '@playwright/test';
import { RECORDS_DB_NAME } from '../../src/records/repository';
import type { SmokeEndpoint } from '../../deploy-check/targets';

export type AnswerStatus = 'streaming' | 'ok' | 'error' | 'aborted' | 'incomplete';

/** What the spec reads back from the app's record store (IndexedDB). */
export interface StoredRecord {
  id: string;
  createdAt: string;
  endedAt: string | null;
  status: string;
  output: string;
  finishReason: string | null;
  endpoint: { url: string; model: string; label: string; protocol: string };
  error: { code: string; message: string } | null;
  timings: { ttftMs: number | null; totalMs: number | null; outputTokens: number | null; tokensPerSecond: number | null };
  lastUserText: string;
}

export class SmokeApp {
  readonly composer: Locator;
  readonly fileInput: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly answers: Locator;
  readonly picker: Locator;

  constructor(
    readonly page: Page,
    readonly appUrl: string,
  ) {
    this.composer = page.getByTestId('composer-input');
    this.fileInput = page.getByTestId('file-input');
    this.send = page.getByTestId('send-button');
    this.stop = page.getByTestId('stop-button');
    this.answers = page.getByTestId('assistant-message');
    this.picker = page.getByTestId('endpoint-picker');
  }

  async open() {
    await this.page.goto(this.appUrl);
    await expect(this.page.getByTestId('nav-settings')).toBeVisible({ timeout: 30_000 });
  }

  /**
   * Adds the endpoint in Settings. The token goes into the password field by a script rather than `fill`,
   * whose step title ("Fill "…"") would put the value into the HTML report.
   */
  async addEndpoint(endpoint: SmokeEndpoint, token: string | undefined) {
    await this.page.getByTestId('nav-settings').click();
    await this.page.getByTestId('add-endpoint').click();
    await this.page.getByTestId('endpoint-label').fill(endpoint.label);
    await this.page.getByTestId('endpoint-protocol').selectOption(endpoint.protocol);
    await this.page.getByTestId('endpoint-url').fill(endpoint.url);
    await this.page.getByTestId('endpoint-model').fill(endpoint.model);
    const tokenField = this.page.getByTestId('endpoint-token');
    // A screenshot of Settings must never show a token: the field has to mask what it holds.
    await expect(tokenField).toHaveAttribute('type', 'password');
    if (token) {
      const length = await tokenField.evaluate((el, value) => {
        const input = el as HTMLInputElement;
        // React tracks the value it last rendered: set it through the prototype so that onChange sees a change.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return input.value.length;
      }, token);
      if (length !== token.length) throw new Error('The token could not be entered in Settings.');
    }
    await this.page.getByTestId('endpoint-save').click();
    await expect(this.page.getByTestId('endpoint-save')).toHaveCount(0);
  }

  async goToChat() {
    await this.page.getByTestId('nav-chat').click();
    await expect(this.composer).toBeVisible();
  }

  async pickEndpoint(label: string) {
    await this.picker.selectOption({ label });
  }

  async attach(file: string) {
    await this.fileInput.setInputFiles(file);
  }

  /** Sends the question and returns its answer, once the answer's element exists. */
  async ask(question: string): Promise<Locator> {
    const before = await this.answers.count();
    await this.composer.fill(question);
    // Enabled once the attached image is prepared.
    await expect(this.send).toBeEnabled({ timeout: 30_000 });
    await this.send.click();
    await expect(this.answers).toHaveCount(before + 1);
    return this.answers.nth(before);
  }

  async status(answer: Locator): Promise<AnswerStatus> {
    return (await answer.getAttribute('data-status')) as AnswerStatus;
  }

  async shownText(answer: Locator): Promise<string> {
    return (await answer.getByTestId('answer-text').innerText()).trim();
  }

  async errorCode(answer: Locator): Promise<string | null> {
    const error = answer.getByTestId('answer-error');
    return (await error.count()) ? error.getAttribute('data-code') : null;
  }

  /** True once text shows or the answer has ended; false when `ms` pass first. */
  async waitForFirstToken(answer: Locator, ms: number): Promise<boolean> {
    return this.waitUntil(async () => (await this.status(answer)) !== 'streaming' || (await this.shownText(answer)) !== '', ms);
  }

  /** True once the answer has ended (any status but streaming); false when `ms` pass first. */
  async waitForEnd(answer: Locator, ms: number): Promise<boolean> {
    return this.waitUntil(async () => (await this.status(answer)) !== 'streaming', ms);
  }

  private async waitUntil(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
    try {
      await expect.poll(condition, { timeout: Math.max(ms, 1), intervals: [50] }).toBe(true);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Presses Stop if the answer is still streaming. Resolves to when the click reached the page (the page's
   * clock, like the records' times), or null when there was no Stop to press: the answer had ended.
   */
  async stopIfStreaming(): Promise<number | null> {
    await this.page.evaluate(() => {
      const w = window as unknown as { smokeStopClicks?: number[] };
      if (w.smokeStopClicks) return;
      w.smokeStopClicks = [];
      document.addEventListener(
        'click',
        (e) => {
          if (e.target instanceof Element && e.target.closest('[data-testid="stop-button"]')) w.smokeStopClicks!.push(Date.now());
        },
        { capture: true },
      );
    });
    try {
      await this.stop.click({ timeout: 2000 });
    } catch {
      return null;
    }
    return this.page.evaluate(() => (window as unknown as { smokeStopClicks: number[] }).smokeStopClicks.at(-1) ?? null);
  }

  /**
   * The records the app wrote, oldest first. Read straight from IndexedDB until a Review screen exists;
   * the test's browser context is fresh, so every record in it is this test's.
   */
  async records(): Promise<StoredRecord[]> {
    return this.page.evaluate(async (name) => {
      // Opening a database that does not exist would create an empty one and break the app's upgrade.
      const known = await indexedDB.databases();
      if (!known.some((d) => d.name === name)) return [];
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      try {
        if (!db.objectStoreNames.contains('records')) return [];
        const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const get = db.transaction('records').objectStore('records').getAll();
          get.onsuccess = () => resolve(get.result as Record<string, unknown>[]);
          get.onerror = () => reject(get.error);
        });
        return all
          .map((r) => {
            const messages = (r.messages ?? []) as { role: string; text: string }[];
            return {
              id: String(r.id),
              createdAt: String(r.createdAt),
              endedAt: (r.endedAt ?? null) as string | null,
              status: String(r.status),
              output: String(r.output ?? ''),
              finishReason: (r.finishReason ?? null) as string | null,
              endpoint: r.endpoint as { url: string; model: string; label: string; protocol: string },
              error: (r.error ?? null) as { code: string; message: string } | null,
              timings: r.timings as {
                ttftMs: number | null;
                totalMs: number | null;
                outputTokens: number | null;
                tokensPerSecond: number | null;
              },
              lastUserText: messages.filter((m) => m.role === 'user').at(-1)?.text ?? '',
            };
          })
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      } finally {
        db.close();
      }
    }, RECORDS_DB_NAME);
  }

  /** The n-th record once it has ended (not pending), or null after `ms`. */
  async endedRecord(index: number, ms = 5000): Promise<StoredRecord | null> {
    let found: StoredRecord | null = null;
    await this.waitUntil(async () => {
      const r = (await this.records())[index];
      found = r && r.status !== 'pending' ? r : null;
      return found !== null;
    }, ms);
    return found;
  }
}
