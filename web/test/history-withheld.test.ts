import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { acceptWithheld } from '../components/history/gateway-fetch';
import { withheldSentence } from '../lib/workspace';

/** Every route handler under a folder (route.ts files). */
function routesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return routesUnder(path);
    return name === 'route.ts' ? [path] : [];
  });
}

describe('content withheld by its lineage', () => {
  it('every run and artifact download reads its row through the workspace, as the viewer, and nothing else', () => {
    const routes = [
      ...routesUnder(join(__dirname, '../app/history/[id]')),
      ...routesUnder(join(__dirname, '../app/udats/[id]')),
    ];
    expect(routes.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      const source = readFileSync(route, 'utf8');
      const download = route.includes('/history/') ? 'historyEntryDownload' : 'udatDownload';
      // The one loader: the gateway with the session's token (export-routes.ts), which refuses withheld rows.
      expect({ route, uses: source.includes(`export const GET = ${download}(`) }).toEqual({
        route,
        uses: true,
      });
      for (const other of ['gatewayRequest', 'postToGateway', 'fetch(', 'unstable_cache', "'use cache'"])
        expect({ route, reads: source.includes(other) ? other : null }).toEqual({ route, reads: null });
    }
    const loader = readFileSync(join(__dirname, '../components/history/export-routes.ts'), 'utf8');
    expect(loader).toContain("if (access && !access.readable) return problem(403, 'FORBIDDEN'");
  });

  it('pages accept a withheld result as metadata, and no other refusal', () => {
    const entry = {
      id: 'run_1',
      result: null,
      access: { readable: false, missingScopes: ['genomics:read'] },
    };
    const withheld = acceptWithheld({
      status: 'failed',
      data: { historyEntry: entry },
      errors: [{ message: 'computed from genomics', code: 'FORBIDDEN', reason: 'LINEAGE_ACCESS' }],
    });
    expect(withheld).toMatchObject({ status: 'ok', data: { historyEntry: entry } });
    const other = acceptWithheld({
      status: 'failed',
      data: { historyEntry: entry },
      errors: [{ message: 'no', code: 'FORBIDDEN' }],
    });
    expect(other.status).toBe('failed');
    expect(withheldSentence({ readable: false, missingScopes: ['genomics:read'] })).toBe(
      'This content needs genomics:read — request access from the owners of the products it was computed from.',
    );
  });
});
