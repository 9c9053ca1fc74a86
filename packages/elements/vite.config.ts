// The script-tag bundle: `dist/ledgerside.js` registers <ledger-provider> and <ledger-sidebar>
// and sets `window.Ledgerside`; every other tag, the sidebar's tabs, the virtualizer and the
// locales are chunks of their own, loaded on demand (`dist/chunks/`). The manifest
// (`dist/.vite/manifest.json`) is the module graph the size check and `pnpm bench` read.
import { defineConfig } from 'vite';

/** `chunks/document-list-…js` for `src/document-list/define.ts`; otherwise the chunk's name. */
function chunkFileName(chunk: { name: string; facadeModuleId: string | null }): string {
  const component = chunk.facadeModuleId?.match(/\/src\/([\w-]+)\/define\.ts$/)?.[1];
  return `chunks/${component ?? '[name]'}-[hash].js`;
}

export default defineConfig({
  resolve: { conditions: ['browser', 'production'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    manifest: true,
    lib: { entry: { ledgerside: 'src/bundle.ts' }, formats: ['es'] },
    rollupOptions: { output: { chunkFileNames: chunkFileName, minify: true } },
  },
});
