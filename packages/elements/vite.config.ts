// The script-tag bundle: `dist/ledgerside.js` registers <ledger-provider> and <ledger-sidebar>
// and sets `window.Ledgerside`; every other tag, the sidebar's tabs, the virtualizer and the
// locales are chunks of their own, loaded on demand (`dist/chunks/`). The manifest
// (`dist/.vite/manifest.json`) is the module graph the size check and `pnpm bench` read.
import { defineConfig, type Plugin, type Rolldown } from 'vite';

/** `chunks/document-list-…js` for `src/document-list/define.ts`; otherwise the chunk's name. */
function chunkFileName(chunk: { name: string; facadeModuleId: string | null }): string {
  const component = chunk.facadeModuleId?.match(/\/src\/([\w-]+)\/define\.ts$/)?.[1];
  return `chunks/${component ?? '[name]'}-[hash].js`;
}

/**
 * The sidebar opens on its Invoices tab, whose component (`src/document-list/define.ts`) it
 * imports on first render; that chunk's own imports and the virtualizer's layout would then
 * load one round trip after another. When the page has a sidebar that opens there, the entry
 * announces them all at once as `<link rel="modulepreload">` (allowed by `script-src 'self'`:
 * no inline code). With any sidebar it announces what the client loads by itself once it is
 * configured: the schemas it validates answers with (and the event-stream parser), which
 * every tab's first request waits for. They are fetched, not run: nothing registers before
 * the sidebar asks.
 */
function preloadFirstTab(): Plugin {
  return {
    name: 'ledgerside-preload-first-tab',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Rolldown.OutputChunk>();
      for (const item of Object.values(bundle)) if (item.type === 'chunk') chunks.set(item.fileName, item);
      const entry = [...chunks.values()].find((c) => c.isEntry);
      const tab = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith('/src/document-list/define.ts'));
      if (!entry || !tab) return;
      // A component's chunk (registered when its tag appears or its tab opens) or a locale's.
      const onDemand = (file: string) => (chunks.get(file)?.moduleIds ?? []).some((id) => /\/(src\/[\w-]+\/define\.ts|locales\/[\w-]+\.ts)$/.test(id));
      /** What `start` loads; `into` holds what is there already (not followed). */
      const closure = (start: string, dynamic: boolean, into = new Set<string>()) => {
        if (into.has(start) || !chunks.has(start)) return into;
        into.add(start);
        const chunk = chunks.get(start)!;
        chunk.imports.forEach((f) => closure(f, dynamic, into));
        if (dynamic) chunk.dynamicImports.filter((f) => !/\/locales\//.test(chunks.get(f)?.facadeModuleId ?? '')).forEach((f) => closure(f, dynamic, into));
        return into;
      };
      const initial = closure(entry.fileName, false);
      const after = (files: Set<string>, loaded: Set<string>) => [...files].filter((f) => !loaded.has(f));
      // The initial chunks' own dynamic imports, components and locales aside: the client's.
      const withClient = new Set(initial);
      for (const file of initial) chunks.get(file)!.dynamicImports.filter((f) => !onDemand(f)).forEach((f) => closure(f, true, withClient));
      const client = after(withClient, initial);
      const firstTab = after(closure(tab.fileName, true, new Set(withClient)), withClient);
      const preload =
        `if(document.querySelector("ledger-sidebar"))for(const f of [...${JSON.stringify(client)},...document.querySelector("ledger-sidebar:not([tab]),ledger-sidebar[tab=documents]")?${JSON.stringify(firstTab)}:[]]){` +
        `const l=document.createElement("link");l.rel="modulepreload";l.href=new URL(f,import.meta.url).href;document.head.append(l)}\n`;
      // Before the source map comment, which stays the last line (the map covers what precedes it).
      const at = entry.code.lastIndexOf('//# sourceMappingURL=');
      entry.code = at < 0 ? `${entry.code}\n${preload}` : `${entry.code.slice(0, at)}${preload}${entry.code.slice(at)}`;
    },
  };
}

/**
 * The script tag's initial load as one chunk: what `src/bundle.ts` imports statically (lit,
 * the base element, provider, sidebar, the client…) goes into `chunks/core-….js`, not into
 * the eight or so chunks automatic splitting makes of it because the tabs share its modules
 * in different combinations. All of them load at start anyway, and one file compresses
 * ≈ 2 KB gzip smaller than eight; the tabs' chunks import from it. Only in the script-tag
 * build: the ES entries (one build of several entries) keep automatic splitting, and so does
 * the dependency floor that bench/lib/sizes.mjs builds with this config.
 */
function scriptTagCore(): Plugin {
  let scriptTag = false;
  return {
    name: 'ledgerside-script-tag-core',
    options(input) {
      const entries = typeof input.input === 'string' ? [input.input] : Object.values(input.input ?? {});
      scriptTag = entries.some((file) => /(^|\/)src\/bundle\.ts$/.test(file));
    },
    outputOptions(output) {
      return scriptTag ? { ...output, codeSplitting: { groups: [{ name: 'core', tags: ['$initial'] }] } } : null;
    },
  };
}

export default defineConfig({
  resolve: { conditions: ['browser', 'production'] },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [scriptTagCore(), preloadFirstTab()],
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
