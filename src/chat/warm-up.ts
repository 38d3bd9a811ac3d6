// What the first answer needs, fetched while its question is being written (the composer is focused, or an
// image arrives), so that Send finds it ready instead of loading it: the model client, the records store (its
// code, and the database opened), the Markdown renderer the answer is shown with, and the stored settings'
// schema (sending opens a new conversation, and that choice is stored with the settings).
import { preloadInference } from '../inference';
import { recordsRepo } from '../records/instance';
import { preloadSettingsReader } from '../store/persistence';

// The same chunk RichText loads (src/ui/rich-text.tsx).
const loadMarkdown = () => import('../ui/markdown');

export function warmUp(): void {
  const quiet = () => undefined;
  // A failure here is not the person's concern yet: Send tries again and reports what fails then.
  preloadInference().catch(quiet);
  recordsRepo().catch(quiet);
  loadMarkdown().catch(quiet);
  preloadSettingsReader().catch(quiet);
}
