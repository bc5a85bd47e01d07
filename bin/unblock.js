#!/usr/bin/env node
import { processIO } from '../dist/src/cli/io.js';
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), processIO());
