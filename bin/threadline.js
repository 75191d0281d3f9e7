#!/usr/bin/env node
// Entry point installed as `threadline`: runs the compiled CLI.
const { runCli } = await import('../dist/cli/main.js');
await runCli(process.argv);
