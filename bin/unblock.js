#!/usr/bin/env node
let main;
let processIO;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
  ({ processIO } = await import('../dist/src/cli/io.js'));
} catch (error) {
  // A TypeScript install the lint side cannot run on: the message says what to do, a stack would bury it.
  if (error?.code !== 'ERR_UNBLOCK_ENVIRONMENT') throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

process.exitCode = await main(process.argv.slice(2), processIO());
