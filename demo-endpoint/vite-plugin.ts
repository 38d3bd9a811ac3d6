/*
 * Mounts the demo endpoint at /demo on Vite's dev and preview servers, so that `npm start` and a
 * built preview work end to end with no endpoint configured.
 */
import type { Plugin } from 'vite';
import { createDemoEndpoint } from './handler.ts';

export function demoEndpointPlugin(): Plugin {
  const endpoint = createDemoEndpoint({ basePath: '/demo' });
  return {
    name: 'tanuki-demo-endpoint',
    configureServer(server) {
      server.middlewares.use(endpoint.handle);
    },
    configurePreviewServer(server) {
      server.middlewares.use(endpoint.handle);
    },
  };
}
