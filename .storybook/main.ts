import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

/**
 * The PDFs' two font files (the server's FONT_FILES), for the server core running in the
 * story's tab: its default font source fetches them from `/__fonts/`, as
 * web-test-runner.config.mjs serves them. Served in `storybook dev`, written into the build.
 */
const serverRequire = createRequire(new URL('../packages/server/package.json', import.meta.url));
const fonts = new Map(
  ['DejaVuSansCondensed.ttf', 'DejaVuSansCondensed-Bold.ttf'].map((name) => [name, serverRequire.resolve(`dejavu-fonts-ttf/ttf/${name}`)]),
);
function pdfFonts(): Plugin {
  return {
    name: 'ledgerside-pdf-fonts',
    configureServer(server) {
      server.middlewares.use('/__fonts', (req, res, next) => {
        const file = fonts.get(decodeURIComponent((req.url ?? '').split('?')[0]!.replace(/^\//, '')));
        if (!file) return next();
        res.setHeader('Content-Type', 'font/ttf');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const [name, file] of fonts) this.emitFile({ type: 'asset', fileName: `__fonts/${name}`, source: readFileSync(file) });
    },
  };
}

const config: StorybookConfig = {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  // msw's worker, served at the root so it can intercept the stories' API calls.
  staticDirs: ['../packages/mocks/public'],
  core: { disableTelemetry: true },
  viteFinal: (vite) => ({
    ...vite,
    plugins: [...(vite.plugins ?? []), pdfFonts()],
    // PGlite finds its .wasm and .data beside its own module (`new URL(…, import.meta.url)`);
    // pre-bundled into Vite's dep cache in `storybook dev` it would look for them there.
    optimizeDeps: { ...vite.optimizeDeps, exclude: [...(vite.optimizeDeps?.exclude ?? []), '@electric-sql/pglite'] },
  }),
};
export default config;
