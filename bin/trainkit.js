#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('✖ trainkit is not built yet\n  hint: run `npm run build` (npm ci does it for you)\n');
  process.exit(3);
}
const { main } = await import(entry.href);
await main(process.argv);
