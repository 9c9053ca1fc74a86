// Writes packages/contract/openapi.json from the route table (`pnpm openapi`).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiText } from '../src/openapi.js';

const target = fileURLToPath(new URL('../openapi.json', import.meta.url));
writeFileSync(target, openApiText());
console.log(`wrote ${target}`);
