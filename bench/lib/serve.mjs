#!/usr/bin/env node
// One server process for the server bench: the reference server (startServer, demo mode, no
// rate limit) from `src` (this tree's packages/server/src, or the baseline commit's copy), on
// PostgreSQL (`databaseUrl`) or PGlite (`dataDir`), optionally filling it with the bench's
// documents first. Prints one JSON line ({ url, pid, inserted? }) once it listens; SIGTERM
// closes it. On stdin, `profile-start` / `profile-stop <file>` take a CPU profile of just that
// stretch (node:inspector), answered by a line `ok` once done.
//   node --import tsx bench/lib/serve.mjs '{"src": "…/packages/server/src", "databaseUrl": "…", "docs": 100000}'
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { insertDocuments } from './documents.mjs';

const spec = JSON.parse(process.argv[2] ?? '{}');
const { startServer } = await import(pathToFileURL(path.join(spec.src, 'index.ts')).href);
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  demo: true,
  examplesDir: null,
  rateLimit: false,
  ...(spec.databaseUrl ? { databaseUrl: spec.databaseUrl, poolSize: spec.poolSize } : { dataDir: spec.dataDir }),
});
const inserted = spec.docs ? await insertDocuments(server.db, spec.docs) : undefined;
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid, inserted })}\n`);
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the bench went away
let session = null;
createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, file] = line.trim().split(' ');
  if (command === 'profile-start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  } else if (command === 'profile-stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    session = null;
  }
  process.stdout.write('ok\n');
});
