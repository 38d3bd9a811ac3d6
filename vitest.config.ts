import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('test') },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'demo-endpoint/**/*.test.ts', 'scripts/**/*.test.ts', 'deploy-check/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
    setupFiles: ['test-support/load-words.ts'],
  },
});
