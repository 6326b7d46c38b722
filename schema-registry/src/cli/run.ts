import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RegistryClient, RegistryRequestError } from './client';
import { formatReport, table } from './format';
import * as ops from './operations';

export const USAGE = `Usage: mesh <command> [options]

  publish   --product NAME --schema FILE --version SEMVER --url ROUTING_URL
            [--data-version V] [--commit SHA] [--author WHO] [--catalog FILE] [--force --reason TEXT]
  check     --product NAME --schema FILE [--version SEMVER] [--url ROUTING_URL]
  history   [--product NAME] [--limit N]
  diff      --from REF --to REF [--product NAME]      REF: #12, 12, sha256:…, current
  rollback  --product NAME --to VERSION [--force --reason TEXT]
  retire    --product NAME [--force --reason TEXT]
  supergraph [--output FILE]
  catalog   [SEARCH TEXT] [--limit N]
  approve   --product NAME --url ROUTING_URL --visibility public|private   (admin: lets the product's token publish them)
  token     create --name NAME --scope admin|product|read|gateway [--product NAME] [--replace] | list | revoke --id ID

Options: --registry URL (MESH_REGISTRY_URL, default http://127.0.0.1:4005), --token TOKEN (MESH_REGISTRY_TOKEN),
         --json (machine-readable output for CI).
Exit codes: 0 ok, 1 check failed or publish rejected, 2 bad usage or request refused.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

const OPTIONS = {
  registry: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  product: { type: 'string' },
  schema: { type: 'string' },
  version: { type: 'string' },
  url: { type: 'string' },
  'data-version': { type: 'string' },
  commit: { type: 'string' },
  author: { type: 'string' },
  catalog: { type: 'string' },
  force: { type: 'boolean', default: false },
  reason: { type: 'string' },
  limit: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  output: { type: 'string' },
  name: { type: 'string' },
  scope: { type: 'string' },
  id: { type: 'string' },
  visibility: { type: 'string' },
  replace: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

class UsageError extends Error {}

function need<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required.`);
  return value;
}

/** Runs one CLI invocation; returns the exit code. Output goes through `io` so tests can read it. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  const client = new RegistryClient(
    (values.registry ?? io.env.MESH_REGISTRY_URL ?? 'http://127.0.0.1:4005').replace(/\/$/, ''),
    values.token ?? io.env.MESH_REGISTRY_TOKEN,
  );
  const emit = (json: unknown, human: string[]) =>
    values.json ? io.out(JSON.stringify(json, null, 2)) : human.forEach((line) => io.out(line));
  const force = values.force ? { force: true, reason: values.reason ?? null } : {};

  try {
    switch (command) {
      case 'publish': {
        const input = {
          product: need(values.product, '--product'),
          sdl: readFileSync(need(values.schema, '--schema'), 'utf8'),
          version: need(values.version, '--version'),
          routingUrl: need(values.url, '--url'),
          dataVersion: values['data-version'],
          gitCommit: values.commit,
          gitAuthor: values.author,
          catalog: values.catalog ? JSON.parse(readFileSync(values.catalog, 'utf8')) : undefined,
          ...force,
        };
        return publishLike(
          (await client.graphql<{ publish: ops.PublishResult }>(ops.PUBLISH, { input })).publish,
          emit,
        );
      }
      case 'check': {
        const input = {
          product: need(values.product, '--product'),
          sdl: readFileSync(need(values.schema, '--schema'), 'utf8'),
          version: values.version,
          routingUrl: values.url,
          ...force,
        };
        const { check } = await client.graphql<{
          check: { status: string; code: string | null; message: string; report: ops.Report };
        }>(ops.CHECK, { input });
        emit(check, [
          `Check ${check.status === 'PASSED' ? 'passed' : 'FAILED'}${check.code ? ` (${check.code})` : ''}: ${check.message}`,
          ...formatReport(check.report),
        ]);
        return check.status === 'PASSED' ? 0 : 1;
      }
      case 'rollback': {
        const input = {
          product: need(values.product, '--product'),
          toVersion: need(values.to, '--to'),
          ...force,
        };
        return publishLike(
          (await client.graphql<{ rollback: ops.PublishResult }>(ops.ROLLBACK, { input })).rollback,
          emit,
        );
      }
      case 'retire': {
        const input = { product: need(values.product, '--product'), ...force };
        return publishLike(
          (await client.graphql<{ retire: ops.PublishResult }>(ops.RETIRE, { input })).retire,
          emit,
        );
      }
      case 'history': {
        const { history } = await client.graphql<{
          history: { hasMore: boolean; versions: HistoryVersion[] };
        }>(ops.HISTORY, {
          product: values.product,
          first: values.limit ? Number(values.limit) : 20,
        });
        emit(history, [
          ...table([
            ['#', 'id', 'action', 'product', 'version', 'when', 'by', 'note'],
            ...history.versions.map((v) => [
              String(v.seq),
              v.id.slice(0, 19),
              v.action,
              v.product,
              v.productVersion ?? '-',
              v.createdAt.slice(0, 19).replace('T', ' '),
              v.createdBy,
              v.forced ? `forced: ${v.reason}` : '',
            ]),
          ]),
          ...(history.hasMore ? ['… older versions: --limit'] : []),
        ]);
        return 0;
      }
      case 'diff': {
        const { diff } = await client.graphql<{
          diff: {
            from: { seq: number };
            to: { seq: number };
            changes: ops.Report['changes'];
            unifiedDiff: string;
          };
        }>(ops.DIFF, {
          from: need(values.from, '--from'),
          to: need(values.to, '--to'),
          product: values.product,
        });
        emit(diff, [
          `#${diff.from.seq} → #${diff.to.seq}: ${diff.changes.length} change(s)`,
          ...diff.changes.map((c) => `  ${c.criticality.padEnd(9)} ${c.path ?? ''}  ${c.message}`),
          '',
          diff.unifiedDiff || '(SDL identical)',
        ]);
        return 0;
      }
      case 'supergraph': {
        const response = await client.get('/supergraph', 'text/plain');
        if (values.output) writeFileSync(values.output, response.text);
        const id = response.headers.get('etag')?.replace(/"/g, '') ?? '';
        if (values.json)
          io.out(
            JSON.stringify({
              id,
              seq: Number(response.headers.get('x-schema-version-seq')),
              supergraphSdl: response.text,
            }),
          );
        else if (values.output) io.out(`Wrote supergraph ${id} to ${values.output}`);
        else io.out(response.text);
        return 0;
      }
      case 'catalog': {
        const text = rest.join(' ').trim();
        if (text) {
          const { searchCatalog } = await client.graphql<{ searchCatalog: SearchHit[] }>(ops.SEARCH, {
            query: text,
            first: values.limit ? Number(values.limit) : 20,
          });
          emit(
            searchCatalog,
            table([
              ['score', 'kind', 'product', 'where', 'matched in'],
              ...searchCatalog.map((h) => [
                h.score.toFixed(1),
                h.kind,
                h.product,
                h.coordinate,
                h.matchedIn.join(', '),
              ]),
            ]),
          );
          return 0;
        }
        const { products } = await client.graphql<{ products: CatalogProduct[] }>(ops.PRODUCTS);
        emit(
          products,
          table([
            ['product', 'status', 'version', 'license', 'owner', 'identifier'],
            ...products.map((p) => [
              p.name,
              p.status,
              p.currentVersion,
              p.catalog.license,
              p.catalog.owner?.team ?? '-',
              p.identifier,
            ]),
          ]),
        );
        return 0;
      }
      case 'approve': {
        const input = {
          product: need(values.product, '--product'),
          routingUrl: need(values.url, '--url'),
          visibility: need(values.visibility, '--visibility'),
        };
        const { approveProductAccess: approval } = await client.graphql<{
          approveProductAccess: { product: string; routingUrl: string; visibility: string };
        }>(ops.APPROVE, { input });
        emit(approval, [
          `Approved ${approval.product}: routing URL ${approval.routingUrl}, visibility ${approval.visibility}. Its product token may now publish them.`,
        ]);
        return 0;
      }
      case 'token':
        return await tokenCommand(client, rest[0], values, emit);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RegistryRequestError) {
      if (values.json)
        io.out(
          JSON.stringify(
            { error: { message: error.message, code: error.code, status: error.status } },
            null,
            2,
          ),
        );
      io.err(`Error${error.code ? ` [${error.code}]` : ''}: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.err(`File not found: ${(error as NodeJS.ErrnoException).path}`);
      return 2;
    }
    throw error;
  }
}

interface HistoryVersion {
  seq: number;
  id: string;
  action: string;
  product: string;
  productVersion: string | null;
  createdAt: string;
  createdBy: string;
  forced: boolean;
  reason: string | null;
}
interface SearchHit {
  kind: string;
  product: string;
  coordinate: string;
  score: number;
  matchedIn: string[];
}
interface CatalogProduct {
  name: string;
  status: string;
  currentVersion: string;
  identifier: string;
  catalog: { license: string; owner: { team: string } | null };
}

function publishLike(result: ops.PublishResult, emit: (json: unknown, human: string[]) => void): number {
  const headline = `${result.status}${result.code ? ` (${result.code})` : ''}: ${result.message}`;
  emit(result, [headline, ...formatReport(result.check)]);
  return result.status === 'REJECTED' ? 1 : 0;
}

async function tokenCommand(
  client: RegistryClient,
  sub: string | undefined,
  values: { name?: string; scope?: string; product?: string; id?: string; replace?: boolean },
  emit: (json: unknown, human: string[]) => void,
): Promise<number> {
  switch (sub) {
    case 'create': {
      const input = {
        name: need(values.name, '--name'),
        scope: need(values.scope, '--scope').toUpperCase(),
        product: values.product,
        ...(values.replace ? { replace: true } : {}),
      };
      const { createToken } = await client.graphql<{
        createToken: { secret: string; token: { id: string; scope: string; product: string | null } };
      }>(ops.CREATE_TOKEN, { input });
      emit(createToken, [
        `Created ${createToken.token.scope.toLowerCase()} token ${createToken.token.id}${createToken.token.product ? ` for ${createToken.token.product}` : ''}.`,
        `Secret (shown once): ${createToken.secret}`,
      ]);
      return 0;
    }
    case 'list': {
      const { tokens } = await client.graphql<{
        tokens: {
          id: string;
          name: string;
          scope: string;
          product: string | null;
          createdAt: string;
          revokedAt: string | null;
        }[];
      }>(ops.TOKENS);
      emit(
        tokens,
        table([
          ['id', 'name', 'scope', 'product', 'created', 'revoked'],
          ...tokens.map((t) => [
            t.id,
            t.name,
            t.scope,
            t.product ?? '-',
            t.createdAt.slice(0, 19),
            t.revokedAt?.slice(0, 19) ?? '',
          ]),
        ]),
      );
      return 0;
    }
    case 'revoke': {
      const { revokeToken } = await client.graphql<{ revokeToken: { id: string; name: string } }>(
        ops.REVOKE_TOKEN,
        { id: need(values.id, '--id') },
      );
      emit(revokeToken, [`Revoked token ${revokeToken.id} (${revokeToken.name}).`]);
      return 0;
    }
    default:
      throw new UsageError('token needs a subcommand: create, list or revoke.');
  }
}
