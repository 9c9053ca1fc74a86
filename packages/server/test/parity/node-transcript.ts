/** Prints the parity sequence's transcript against the core in Node (in-memory PGlite), as JSON. */
import { createCore } from '../../src/core.js';
import { nodeFontSource } from '../../src/pdf/fonts-node.js';
import { runSequence } from './sequence.js';

const core = await createCore({ demo: true, fonts: nodeFontSource, maintenance: false });
try {
  process.stdout.write(JSON.stringify(await runSequence(core.fetch)));
} finally {
  await core.close();
}
