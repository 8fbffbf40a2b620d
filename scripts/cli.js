#!/usr/bin/env node
'use strict';
// `npm run cli` and `npm run demo`: the compiled CLI, rebuilt first only where sources changed
// (see ensure-built.js); under ts-node the CLI took 9 to 13 s to start.
require('./ensure-built').ensureBuilt();
require('../dist/src/cli/main.js');
