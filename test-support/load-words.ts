// Vitest setup: every word of both languages is there before a test runs, as the app has a screen's words
// before the screen shows (src/i18n loads them with the screen's code).
import { loadEveryWord } from '../src/i18n';

await loadEveryWord();
