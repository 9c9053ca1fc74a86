// The script-tag bundle: `dist/ledgerside.js`, one module that registers every tag and sets
// `window.Ledgerside`; locales and other on-demand parts are separate chunks it loads itself.
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: { conditions: ['browser', 'production'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: { entry: { ledgerside: 'src/bundle.ts' }, formats: ['es'] },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true } },
  },
});
