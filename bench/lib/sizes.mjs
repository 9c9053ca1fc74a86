// Bundle sizes, from the build's module graph (Vite's manifest): the script-tag bundle's
// initial load (entry + its static imports), the sidebar's on-demand parts, each component's
// ES entry (one lib build of src/entries/*.ts, shared chunks counted once), and the dependency
// floor (lit + zod/mini + ky, bench/floor/floor.js) bundled alone the same way. Shared by
// `pnpm bench` (bench/bundle.bench.mjs) and the size check (test/node/bundle-size.test.ts).
import { build, loadConfigFromFile } from 'vite';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const elements = path.join(root, 'packages/elements');
const configFile = path.join(elements, 'vite.config.ts');

/** Budgets of issue 11, in bytes of gzip (1 KB = 1,000 bytes). */
export const budgets = {
  /** What the script tag loads before the sidebar shows (entry + static imports). */
  initialGzip: 35_000,
  /** Initial load / dependency floor. */
  initialPerFloor: 1.8,
  /** The sidebar with every on-demand part its four tabs load (locales aside). */
  wholeSidebarGzip: 60_000,
};

/** The sidebar's tabs and the module each loads on first open (ledger-sidebar.ts, panelModules). */
export const sidebarTabs = {
  customer: 'src/contact-mapper/define.ts',
  documents: 'src/document-list/define.ts',
  new: 'src/document-form/define.ts',
  conversation: 'src/conversation/define.ts',
};
/** The tab the sidebar opens on. */
export const firstTab = 'documents';

export function gzipSize(code) {
  return gzipSync(code, { level: 9 }).length;
}

export function brotliSize(code) {
  return brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

function sizeOf(code) {
  const bytes = Buffer.byteLength(code);
  return { raw: bytes, gzip: gzipSize(code), brotli: brotliSize(code) };
}

/** A component's module, which registers its tags (src/document-list/define.ts). */
const isComponent = (key) => /(^|\/)src\/[\w-]+\/define\.ts$/.test(key);
const isLocale = (key) => /(^|\/)locales\/[\w-]+\.ts$/.test(key) && !key.endsWith('locale-codes.ts');

/**
 * A build as a graph: manifest key → { file, imports, dynamicImports, isEntry, src }, file →
 * code and file → the source modules in it (paths from the repository's root). Made from a
 * build's output (in memory) or read from a dist folder.
 */
function graphOf(manifest, codeOf, modulesOf = () => []) {
  const nodes = new Map(Object.entries(manifest));
  const sizes = new Map();
  const size = (key) => {
    const file = nodes.get(key).file;
    if (!sizes.has(file)) sizes.set(file, sizeOf(codeOf(file)));
    return sizes.get(file);
  };
  /**
   * The keys a key loads: statically always, dynamically too when `dynamic` says so — except
   * the components that keys in `loaded` (already there: the initial load) register on demand
   * (the other tabs, the other tags), which this key does not bring. What the initial load
   * imports by itself (the client's schemas, the event-stream parser) is counted.
   */
  const closure = (keys, { dynamic = false, skip = () => false, loaded = new Set() } = {}) => {
    const seen = new Set();
    const visit = (key) => {
      if (seen.has(key) || skip(key) || !nodes.has(key)) return;
      seen.add(key);
      const node = nodes.get(key);
      (node.imports ?? []).forEach(visit);
      if (dynamic) (node.dynamicImports ?? []).filter((k) => !(loaded.has(key) && isComponent(k))).forEach(visit);
    };
    keys.forEach(visit);
    return seen;
  };
  const total = (keys) => {
    const files = new Set([...keys].map((k) => nodes.get(k).file));
    const sum = { raw: 0, gzip: 0, brotli: 0, files: files.size };
    for (const key of new Map([...keys].map((k) => [nodes.get(k).file, k])).values()) {
      const s = size(key);
      sum.raw += s.raw;
      sum.gzip += s.gzip;
      sum.brotli += s.brotli;
    }
    return sum;
  };
  const entry = [...nodes].find(([, n]) => n.isEntry)?.[0];
  return { nodes, size, closure, total, entry, modulesOf };
}

async function loadConfig() {
  const { config } = await loadConfigFromFile({ command: 'build', mode: 'production' }, configFile, elements, 'error');
  return config;
}

/** Vite build of `entry` with the elements' config (write: false); returns manifest + code. */
async function buildWith(entry, extra = {}) {
  const config = await loadConfig();
  const output = await build({
    ...config,
    root: elements,
    configFile: false,
    logLevel: 'error',
    plugins: [...(config.plugins ?? []), ...(extra.plugins ?? [])],
    build: {
      ...config.build,
      write: false,
      sourcemap: false,
      manifest: true,
      lib: { ...config.build.lib, entry },
    },
  });
  const items = (Array.isArray(output) ? output[0] : output).output;
  const manifestAsset = items.find((o) => o.type === 'asset' && o.fileName.endsWith('manifest.json'));
  const chunks = items.filter((o) => o.type === 'chunk');
  const code = new Map(chunks.map((c) => [c.fileName, c.code]));
  const modules = new Map(chunks.map((c) => [c.fileName, c.moduleIds.map((id) => path.relative(root, id.replace(/^\0/, '')))]));
  return { manifest: JSON.parse(String(manifestAsset.source)), code, modules };
}

function scriptTagSizes(graph) {
  const { closure, total, entry, nodes, modulesOf } = graph;
  const initialKeys = closure([entry]);
  const notLocale = { dynamic: true, skip: isLocale, loaded: initialKeys };
  const tabs = {};
  for (const [tab, key] of Object.entries(sidebarTabs)) {
    if (!nodes.has(key)) throw new Error(`the script-tag build has no chunk for ${key} (the ${tab} tab)`);
    const keys = closure([key], notLocale);
    tabs[tab] = { all: total(keys), extra: total(new Set([...keys].filter((k) => !initialKeys.has(k)))) };
  }
  const firstTabKeys = new Set([...initialKeys, ...closure([sidebarTabs[firstTab]], notLocale)]);
  const sidebarKeys = new Set([...initialKeys, ...closure(Object.values(sidebarTabs), notLocale)]);
  const everything = closure([entry], { dynamic: true, skip: isLocale });
  const locales = Object.fromEntries(
    [...nodes.keys()].filter(isLocale).map((key) => [path.basename(key, '.ts'), total(closure([key], { skip: (k) => k !== key && initialKeys.has(k) }))]),
  );
  return {
    initial: total(initialKeys),
    initialFiles: [...initialKeys].map((k) => nodes.get(k).file),
    initialModules: [...new Set([...initialKeys].flatMap((k) => modulesOf(nodes.get(k).file)))].sort(),
    firstTab: total(firstTabKeys),
    wholeSidebar: total(sidebarKeys),
    allTags: total(everything),
    tabs,
    locales,
  };
}

/** The script-tag bundle, built now in memory. */
export async function buildScriptTag() {
  const config = await loadConfig();
  const { manifest, code, modules } = await buildWith(config.build.lib.entry);
  return scriptTagSizes(graphOf(manifest, (file) => code.get(file), (file) => modules.get(file) ?? []));
}

/** The script-tag bundle as `scripts/build.mjs` wrote it (packages/elements/dist). */
export function readScriptTag(dist = path.join(elements, 'dist')) {
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return undefined;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  // The modules in a chunk: its source map's sources (the build writes maps beside the chunks).
  const modulesOf = (file) => {
    const map = path.join(dist, `${file}.map`);
    if (!existsSync(map)) return [];
    return JSON.parse(readFileSync(map, 'utf8')).sources.map((source) => path.relative(root, path.resolve(path.dirname(map), source)));
  };
  return scriptTagSizes(graphOf(manifest, (file) => readFileSync(path.join(dist, file), 'utf8'), modulesOf));
}

/**
 * The dependency floor: lit + zod/mini + ky used by one element (bench/floor/floor.js), built
 * with the same config. zod and ky resolve from the packages that depend on them.
 */
export async function buildFloor() {
  const from = { zod: path.join(root, 'packages/contract/src/index.ts'), ky: path.join(root, 'packages/client/src/index.ts') };
  const resolveDeps = {
    name: 'floor-dependencies',
    enforce: 'pre',
    resolveId(source, importer, options) {
      const from_ = from[source.split('/')[0]];
      if (!from_ || !importer || importer.includes('node_modules')) return null;
      return this.resolve(source, from_, { ...options, skipSelf: true });
    },
  };
  const { manifest, code } = await buildWith({ floor: path.join(root, 'bench/floor/floor.js') }, { plugins: [resolveDeps] });
  const graph = graphOf(manifest, (file) => code.get(file));
  return graph.total(graph.closure([graph.entry], { dynamic: true }));
}

/** Each component's ES entry (src/entries/*.ts), one lib build: per entry and all together. */
export async function buildEntries() {
  const names = ['provider', 'sidebar', 'contact-mapper', 'document-form', 'document-list', 'conversation', 'unread-badge'];
  const entry = Object.fromEntries(names.map((n) => [n, path.join(elements, 'src/entries', `${n}.ts`)]));
  const { manifest, code } = await buildWith(entry);
  const graph = graphOf(manifest, (file) => code.get(file));
  const keyOf = (name) => [...graph.nodes].find(([, n]) => n.isEntry && n.name === name)?.[0];
  const perEntry = {};
  const all = new Set();
  for (const name of names) {
    const key = keyOf(name);
    if (!key) throw new Error(`no entry chunk for ${name}`);
    const keys = graph.closure([key]);
    keys.forEach((k) => all.add(k));
    perEntry[name] = { static: graph.total(keys), withOnDemand: graph.total(graph.closure([key], { dynamic: true, skip: isLocale })) };
  }
  return { perEntry, all: graph.total(all) };
}

/** Budget verdicts for a script-tag measurement and a floor. */
export function checkBudgets(scriptTag, floor) {
  const ratio = scriptTag.initial.gzip / floor.gzip;
  return [
    { id: 'initialGzip', name: 'initial script ≤ 35 KB gzip', value: scriptTag.initial.gzip, limit: budgets.initialGzip, ok: scriptTag.initial.gzip <= budgets.initialGzip },
    { id: 'initialPerFloor', name: 'initial script ≤ 1.8 × dependency floor', value: ratio, limit: budgets.initialPerFloor, ok: ratio <= budgets.initialPerFloor },
    { id: 'wholeSidebarGzip', name: 'whole sidebar with on-demand parts ≤ 60 KB gzip', value: scriptTag.wholeSidebar.gzip, limit: budgets.wholeSidebarGzip, ok: scriptTag.wholeSidebar.gzip <= budgets.wholeSidebarGzip },
  ];
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
