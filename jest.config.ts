import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

// Every workspace is a Jest project; sources are transformed with SWC (no type-check here: `npm run typecheck`).
const rootPackage = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8')) as { workspaces: string[] };

function expandWorkspaces(patterns: string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    return readdirSync(join(__dirname, parent)).map((name) => `${parent}/${name}`);
  });
}

const projects = expandWorkspaces(rootPackage.workspaces)
  .filter((dir) => existsSync(join(__dirname, dir, 'package.json')))
  .map(
    (dir): Config => ({
      displayName: dir,
      rootDir: join(__dirname, dir),
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{src,test,migrations}/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.next/'],
      transform: {
        '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' } }],
      },
      // Resolve sibling workspaces to their TypeScript sources, as `tsx --conditions=development` does.
      testEnvironmentOptions: { customExportConditions: ['development', 'node', 'require', 'default'] },
    }),
  );

const config: Config = {
  projects,
  testTimeout: 60_000,
};

export default config;
