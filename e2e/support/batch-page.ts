// The Batch screen as a spec drives it: import a question set, start a run, watch it, read its results.
import { expect, type Locator, type Page } from '@playwright/test';
import { test as base, type ChatPage, type EndpointConfig } from '../fixtures';
import { heronFolder, type SetQuestion } from './question-sets';

export class BatchPage {
  readonly runView: Locator;
  readonly lanes: Locator;

  constructor(readonly page: Page) {
    this.runView = page.getByTestId('run-view');
    this.lanes = page.getByTestId('run-lane');
  }

  async open(sub = '') {
    await this.page.goto(`/#/batch${sub}`);
    await expect(this.page.locator('.app[data-hydrated="true"]')).toBeVisible();
    await expect(this.page.getByTestId('batch')).toHaveAttribute('data-load', 'ready');
  }

  /** Drops a folder (through the folder picker) and waits for the check. */
  async pickFolder(dir: string): Promise<Locator> {
    await this.page.getByTestId('set-folder-input').setInputFiles(dir);
    const report = this.page.getByTestId('set-report');
    await expect(report).toBeVisible({ timeout: 30_000 });
    return report;
  }

  async pickFiles(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<Locator> {
    await this.page.getByTestId('set-file-input').setInputFiles(files);
    const report = this.page.getByTestId('set-report');
    await expect(report).toBeVisible({ timeout: 30_000 });
    return report;
  }

  /** Stores the set just checked under `name`; resolves to its id. */
  async storeSet(name: string): Promise<string> {
    await this.page.getByTestId('set-import-name').fill(name);
    await this.page.getByTestId('set-import-save').click();
    await expect(this.page.getByTestId('set-stored')).toBeVisible();
    const row = this.page.getByTestId('set-row').filter({ hasText: name });
    await expect(row).toHaveCount(1);
    return (await row.getAttribute('data-set-id')) ?? '';
  }

  /** Starts a run of the set on the given endpoints (by id); resolves to the run's id. */
  async startRun(
    setId: string,
    endpoints: string[],
    options: {
      concurrency?: Record<string, number>;
      temperature?: Record<string, number>;
      firstN?: number;
      repeats?: number;
      categories?: string[];
    } = {},
  ): Promise<string> {
    await this.page.goto(`/#/batch/new/${setId}`);
    const form = this.page.getByTestId('run-form');
    await expect(form).toBeVisible();
    await expect(this.page.getByTestId('run-set')).toHaveValue(setId);
    const boxes = this.page.locator('[data-testid^="run-endpoint-"][type="checkbox"]');
    for (const box of await boxes.all()) {
      const id = ((await box.getAttribute('data-testid')) ?? '').replace('run-endpoint-', '');
      if (endpoints.includes(id)) await box.check();
      else if (await box.isEnabled()) await box.uncheck();
    }
    if (options.categories) {
      for (const box of await this.page.locator('[data-testid^="run-category-"]').all()) {
        const category = ((await box.getAttribute('data-testid')) ?? '').replace('run-category-', '');
        await box.setChecked(options.categories.includes(category));
      }
    }
    for (const [id, n] of Object.entries(options.concurrency ?? {})) await this.page.getByTestId(`run-concurrency-${id}`).fill(String(n));
    for (const [id, n] of Object.entries(options.temperature ?? {})) await this.page.getByTestId(`run-temperature-${id}`).fill(String(n));
    if (options.firstN !== undefined) await this.page.getByTestId('run-first-n').fill(String(options.firstN));
    if (options.repeats !== undefined) await this.page.getByTestId('run-repeats').fill(String(options.repeats));
    await this.page.getByTestId('run-start').click();
    await expect(this.runView).toBeVisible();
    return (await this.runView.getAttribute('data-run-id')) ?? '';
  }

  /** Imports a Heron-Bench folder of these questions as a set and starts a run of it; resolves to the run's id. */
  async started(
    questions: readonly SetQuestion[],
    name: string,
    endpoints: string[],
    options?: Parameters<BatchPage['startRun']>[2],
  ): Promise<string> {
    await this.open();
    await this.pickFolder(heronFolder(questions));
    return this.startRun(await this.storeSet(name), endpoints, options);
  }

  /** The same, and waits until the run is done. */
  async answered(questions: readonly SetQuestion[], name: string, endpoints: string[]): Promise<string> {
    const runId = await this.started(questions, name, endpoints);
    await this.waitForState('done');
    return runId;
  }

  /**
   * Imports a Heron-Bench folder of these questions as a set and runs it on the endpoints twice, one run after
   * the other; resolves to the second run's id, whose page is left open.
   */
  async secondRunOfOneSet(questions: readonly SetQuestion[], name: string, endpoints: string[]): Promise<string> {
    await this.open();
    await this.pickFolder(heronFolder(questions));
    const setId = await this.storeSet(name);
    await this.startRun(setId, endpoints);
    await this.waitForState('done');
    const runId = await this.startRun(setId, endpoints);
    await this.waitForState('done');
    return runId;
  }

  lane(endpointId: string): Locator {
    return this.page.locator(`[data-testid="run-lane"][data-endpoint-id="${endpointId}"]`);
  }

  async waitForState(state: 'running' | 'paused' | 'done' | 'cancelled', timeout = 30_000) {
    await expect(this.runView).toHaveAttribute('data-state', state, { timeout });
  }
}

/** Serves a config.json with these endpoints (all on the built-in demo endpoint unless they say otherwise). */
export async function configureEndpoints(
  chat: ChatPage,
  endpoints: (Partial<EndpointConfig> & Pick<EndpointConfig, 'id' | 'label' | 'model'>)[],
) {
  await chat.configure({ endpoints: endpoints.map((e) => ({ url: '/demo/v1', imagePolicy: { shortSide: 768 }, ...e })) });
}

export const test = base.extend<{ batch: BatchPage }>({
  batch: async ({ page }, use) => {
    await use(new BatchPage(page));
  },
});
