#!/usr/bin/env node
// The command runs its TypeScript source through tsx, as every Cassette
// process does, so it works from a checkout with no build step.
require('tsx/cjs/api').register();
require('../src/main.ts').runCli();
