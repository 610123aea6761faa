#!/usr/bin/env node
// In a checkout the command runs its TypeScript source through tsx, as
// every Cassette process does, so it needs no build step. The installable
// package (npm run pack:cli) carries one bundled file instead of the
// source, with nothing to install beside it.
const path = require('node:path');
const { existsSync } = require('node:fs');

const source = path.join(__dirname, '../src/main.ts');
if (existsSync(source)) {
  require('tsx/cjs/api').register();
  require(source).runCli();
} else {
  require('../dist/cassette.cjs').runCli();
}
