// One place that gives every spec its `test` and `expect`: a chat page object, the demo endpoint's
// control plane, and `configure()` to serve a deployment's config.json (endpoints, scenarios) to the app.
import { test as base, expect, type Page, type APIRequestContext, type Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { photoPath } from '../test-support/images';

export { expect };

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const mimeOf: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg' };

/** A checked-in photo (public/examples/) as a payload for `attach` and `setInputFiles`. */
export function fixtureFile(fixture: string): FilePayload {
  return { name: fixture, mimeType: mimeOf[path.extname(fixture)] ?? 'application/octet-stream', buffer: readFileSync(imagePath(fixture)) };
}

export const imagePath = photoPath;

export interface DemoLogEntry {
  id: string;
  /** ISO time the request arrived. */
  at: string;
  path: string;
  model: string;
  stream: boolean;
  authorization: 'bearer' | 'none';
  messageCount: number;
  lastUserText: string;
  images: { width: number; height: number; format: string; bytes: number; exifOrientation: number | null }[];
  params: Record<string, unknown>;
  status: number;
  outcome: 'completed' | 'client-closed' | 'error' | 'cut';
  tokensSent: number;
}

export class DemoControl {
  constructor(
    private readonly request: APIRequestContext,
    readonly base: string,
  ) {}

  async log(): Promise<DemoLogEntry[]> {
    const res = await this.request.get(`${this.base}/__control/log`);
    return ((await res.json()) as { entries: DemoLogEntry[] }).entries;
  }

  /** The entries whose question contains `marker`: specs run in parallel against one endpoint. */
  async entriesFor(marker: string): Promise<DemoLogEntry[]> {
    return (await this.log()).filter((e) => e.lastUserText.includes(marker));
  }
}

export interface EndpointConfig {
  id: string;
  label: string;
  protocol?: 'openai-chat' | 'hf-vqa';
  url: string;
  model: string;
  imagePolicy?: { shortSide: number } | { longSide: number } | { passThrough: true };
  maxImagesPerMessage?: number;
  imagesPerConversation?: number;
  timeouts?: { firstByteMs?: number; idleMs?: number };
  params?: { maxTokens?: { default: number; min: number; max: number; step: number } };
}

export class ChatPage {
  readonly composer: Locator;
  readonly fileInput: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly answers: Locator;
  readonly picker: Locator;
  readonly rejections: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByTestId('composer-input');
    this.fileInput = page.getByTestId('file-input');
    this.send = page.getByTestId('send-button');
    this.stop = page.getByTestId('stop-button');
    this.answers = page.getByTestId('assistant-message');
    this.picker = page.getByTestId('endpoint-picker');
    this.rejections = page.getByTestId('image-rejection');
  }

  /** Serves this config.json to the app instead of the deployment's own. */
  async configure(config: { endpoints: EndpointConfig[]; defaultEndpoint?: string }) {
    await this.page.route('**/config.json', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ...config, endpoints: config.endpoints.map((e) => ({ protocol: 'openai-chat', ...e })) }),
      }),
    );
  }

  async openSettings() {
    await this.page.getByTestId('nav-settings').click();
    await expect(this.page.getByTestId('endpoint-row').first()).toBeVisible();
  }

  async open(query = '') {
    await this.page.goto(`/${query}`);
    await expect(this.page.locator('.app[data-hydrated="true"]')).toBeVisible();
  }

  /** Fixture image names, or files made in the test. */
  async attach(...files: (string | FilePayload)[]) {
    await this.fileInput.setInputFiles(files.map((f) => (typeof f === 'string' ? fixtureFile(f) : f)));
  }

  async waitForAttachmentsReady(count: number) {
    await expect(this.page.locator('[data-testid="attachment"][data-state="ready"]')).toHaveCount(count);
  }

  /**
   * Sends the question and returns its own answer: the answer that was not on the page before the send.
   * Sending is asynchronous (images are stored first), so "the last answer" right after Enter can still be
   * the previous one; a spec that waited on it could read the request log before this request was made.
   */
  async ask(question: string): Promise<Locator> {
    const before = await this.answerIds();
    await this.composer.fill(question);
    await expect(this.send).toBeEnabled();
    await this.composer.press('Enter');
    return this.answerNotIn(before, question);
  }

  /** Regenerates the last answer; returns the new one (the old one leaves the page). */
  async regenerate(): Promise<Locator> {
    const before = await this.answerIds();
    await this.page.getByTestId('regenerate-button').click();
    return this.answerNotIn(before);
  }

  /** Edits the last question and sends it again; returns the new answer. */
  async editLastQuestion(text: string): Promise<Locator> {
    const before = await this.answerIds();
    await this.page.getByTestId('edit-button').click();
    await this.page.getByTestId('edit-input').fill(text);
    await this.page.getByTestId('edit-send').click();
    return this.answerNotIn(before);
  }

  /** The one answer on the page (after a reload, say); fails when there is not exactly one. */
  async onlyAnswer(): Promise<Locator> {
    await expect(this.answers).toHaveCount(1);
    return this.answers;
  }

  async waitForAnswer(answer: Locator, status: 'ok' | 'error' | 'aborted' | 'incomplete' = 'ok'): Promise<Locator> {
    await expect(answer).toHaveAttribute('data-status', status, { timeout: 20_000 });
    return answer;
  }

  /** Asks and waits for that answer to end with `status`. */
  async askAndWait(question: string, status: 'ok' | 'error' | 'aborted' | 'incomplete' = 'ok'): Promise<Locator> {
    return this.waitForAnswer(await this.ask(question), status);
  }

  private answerIds(): Promise<string[]> {
    return this.answers.evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id') ?? ''));
  }

  /**
   * The last answer, once it is not one of `before` (and, given `question`, follows it). After a reload the
   * conversation's earlier answers can render after `before` was taken: they are new to it, but not last
   * under the question just asked.
   */
  private async answerNotIn(before: string[], question?: string): Promise<Locator> {
    let id = '';
    const lastQuestion = () => this.page.getByTestId('user-message').last().textContent();
    await expect
      .poll(
        async () => {
          const last = (await this.answerIds()).at(-1) ?? '';
          if (!last || before.includes(last)) return '';
          if (question !== undefined && !((await lastQuestion()) ?? '').includes(question)) return '';
          return (id = last);
        },
        { message: 'a new answer appears' },
      )
      .not.toBe('');
    return this.page.locator(`[data-testid="assistant-message"][data-message-id="${id}"]`);
  }
}

export const test = base.extend<{ chat: ChatPage; demo: DemoControl; standalone: DemoControl }>({
  chat: async ({ page }, use) => {
    await use(new ChatPage(page));
  },
  demo: async ({ request, baseURL }, use) => {
    await use(new DemoControl(request, `${baseURL}/demo`));
  },
  standalone: async ({ request }, use) => {
    await use(new DemoControl(request, `http://127.0.0.1:${process.env.E2E_DEMO_PORT ?? 8917}`));
  },
});

/** A unique marker to find a test's own requests in the shared demo log. */
export function marker(): string {
  return `m${Math.random().toString(36).slice(2, 8)}`;
}
