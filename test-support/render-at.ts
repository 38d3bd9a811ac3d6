// Rendering a component in jsdom as a route would show it: inside a router whose location is `path`.
import { act, createElement, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';

/** Renders `node` at `path` into a new element on the page; unmount with the root it returns. */
export function renderAt(path: string, node: ReactNode): { host: HTMLElement; root: Root } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  act(() => root.render(createElement(Router, { hook: memoryLocation({ path }).hook, children: node })));
  return { host, root };
}
