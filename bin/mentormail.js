#!/usr/bin/env node
'use strict';
// `mentormail <command>`: the command line (package.json "bin"; the container image puts it on
// PATH). In a checkout it first brings dist/ up to date, as `npm run cli` does; in the image there
// are no sources and no TypeScript, so it runs the release build as it is.
const { existsSync } = require('node:fs');
const path = require('node:path');

if (existsSync(path.join(__dirname, '..', 'src'))) require('../scripts/ensure-built').ensureBuilt();
require('../dist/src/cli/main.js');
