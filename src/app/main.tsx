import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadLanguage } from '../i18n';
import { useAppStore } from '../store';
import { App } from './app';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const render = () =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
// The first paint waits for the words it shows: the interface language's shell and Chat words, a few KB.
loadLanguage(useAppStore.getState().lang).then(render, render);
// Start-up work (stored state, config.json, validation) is its own chunk: the shell paints first.
// If it fails (a chunk that does not load, storage that throws), the app still opens and says so in words.
import('./bootstrap')
  .then((m) => m.bootstrap())
  .catch((e: unknown) => {
    const state = useAppStore.getState();
    state.setStartupError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    state.setHydrated();
  });
