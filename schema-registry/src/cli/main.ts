#!/usr/bin/env node
import { runCli } from './run';

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
})
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error: unknown) => {
    process.stderr.write(`mesh: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  });
