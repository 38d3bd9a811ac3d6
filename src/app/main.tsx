import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useAppStore } from '../store';
import { App } from './app';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Start-up work (stored state, config.json, validation) is its own chunk: the shell paints first.
// If it fails (a chunk that does not load, storage that throws), the app still opens and says so in words.
import('./bootstrap')
  .then((m) => m.bootstrap())
  .catch((e: unknown) => {
    const state = useAppStore.getState();
    state.setStartupError(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    state.setHydrated();
  });
