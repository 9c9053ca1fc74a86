/**
 * Builds each scenario's database once, in Node, as a PGlite dump the browser tests' tabs load
 * (`createCore({ loadDataDir })`) instead of running initdb, the migrations and the seed in
 * every test file: the same migrations and seed functions, run by the same core, a few seconds
 * sooner. Dates are relative to today, so a dump is only good for the run that built it.
 *
 *   node --import tsx scripts/core-dumps.ts <dir> [seed…]
 *
 * Writes `<dir>/<seed>.tar` (demo, empty, many by default, in that order) and prints each
 * seed's name on its own line once its file is complete.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCore, seedEmpty, seedMany } from '../packages/server/src/core.js';
import { nodeFontSource } from '../packages/server/src/pdf/fonts-node.js';

const seeds = { demo: 'demo', empty: seedEmpty, many: seedMany } as const;
type Seed = keyof typeof seeds;

const [dir, ...asked] = process.argv.slice(2);
if (!dir) throw new Error('usage: core-dumps.ts <dir> [demo|empty|many…]');
const wanted = (asked.length ? asked : Object.keys(seeds)) as Seed[];

for (const name of wanted) {
  if (!(name in seeds)) throw new Error(`unknown seed ${name}; one of ${Object.keys(seeds).join(', ')}`);
  const core = await createCore({ demo: true, seed: seeds[name], maintenance: false, fonts: nodeFontSource });
  try {
    const dump = await core.dump();
    const file = path.join(dir, `${name}.tar`);
    // Whole or not at all: a reader never sees half a file.
    writeFileSync(`${file}.part`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${file}.part`, file);
    process.stdout.write(`${name}\n`);
  } finally {
    await core.close();
  }
}
