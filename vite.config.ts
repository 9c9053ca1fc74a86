// Vite serves the example pages and the previews in development, and builds the bundles.
// Lit's decorators: tsconfig.json sets experimentalDecorators, which Vite's transform honours.
import { defineConfig } from 'vite';

export default defineConfig({
  root: '.',
  server: { host: '127.0.0.1', fs: { strict: false } },
  resolve: { conditions: ['browser', 'development'] },
  publicDir: 'packages/mocks/public',
  // The virtualizer loads its layout lazily; pre-bundling it makes Vite re-optimize mid-page.
  // PGlite (the server core in a story's tab) finds its .wasm and .data beside its own module.
  optimizeDeps: { exclude: ['@lit-labs/virtualizer', '@electric-sql/pglite'] },
});
