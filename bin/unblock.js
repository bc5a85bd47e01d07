#!/usr/bin/env node
let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (error) {
  // A TypeScript install the lint side cannot run on: the message says what to do, a stack would bury it.
  if (error?.code !== 'ERR_UNBLOCK_ENVIRONMENT') throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
