import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { z } from 'zod';
import { demoEndpointPlugin } from './demo-endpoint/vite-plugin.ts';

// Model output is untrusted: the built page forbids inline scripts, plugins, frames and remote images.
// Endpoints can be anywhere, so connect-src allows http(s). The dev server needs inline scripts (HMR), so
// the policy is added to the build only.
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self' https: http:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
      ),
  };
}

// Endpoint URLs baked into a build must be absolute http(s) URLs; anything else stops the build here.
const envSchema = z.object({
  VITE_TANUKI_8B_URL: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional(),
  VITE_TANUKI_8X8B_URL: z.union([z.url({ protocol: /^https?$/ }), z.literal('')]).optional(),
});

function validatedEnv(mode: string) {
  const result = envSchema.safeParse(loadEnv(mode, process.cwd(), 'VITE_'));
  if (!result.success) throw new Error(`Invalid build environment:\n${z.prettifyError(result.error)}`);
}

export default defineConfig(({ mode }) => {
  validatedEnv(mode);
  return {
    plugins: [react(), contentSecurityPolicy(), demoEndpointPlugin()],
    worker: { format: 'es' },
    define: { __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? '0.1.0') },
    server: { host: '127.0.0.1', port: 5173 },
    preview: { host: '127.0.0.1', port: 4173 },
    build: {
      target: 'es2022',
      sourcemap: true,
      // Every page opens its storage with these three records modules: one chunk, not three (the screens that
      // import them on their own, as Review's first rows do, would otherwise split them apart).
      // Small modules that several lazy screens share each became a chunk of their own (0.2-3 KB): opening
      // Review fetched 20 files, one modulepreload link and request each. Grouped by who needs them (every
      // part of the first: Chat's answers and Review; of the second: Review, Batch and Compare), without their
      // dependencies (those stay where they are, out of the first load).
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: 'storage', test: /src\/records\/(errors|live-answers|database)\.ts$/ },
              {
                name: 'answer-parts',
                includeDependenciesRecursively: false,
                test: /src\/(records\/(constants|image-ext)|config\/secrets|inference\/(errors|error-words)|images\/(held|use-stored-image-url)|ui\/(rich-text|image-viewer|annotator-form)|review\/annotator-gate)\.tsx?$/,
              },
              {
                name: 'review-parts',
                includeDependenciesRecursively: false,
                test: /src\/(records\/(filter|derive)|ui\/(progress-cancel|scroll-region|queue-keys)|stats\/distributions|review\/words)\.tsx?$/,
              },
            ],
          },
        },
      },
    },
  };
});
