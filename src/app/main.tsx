import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// Start-up work (stored state, config.json, validation) is its own chunk: the shell paints first.
void import('./bootstrap').then((m) => m.bootstrap());
