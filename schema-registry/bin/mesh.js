#!/usr/bin/env node
// The `mesh` CLI. A committed shim, so npm links the command at install time, before anything is built.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) {
  process.stderr.write(
    'mesh: the CLI is not built yet. Run `npm run build` (or `npm start`, which builds) first.\n',
  );
  process.exit(1);
}
require(compiled);
