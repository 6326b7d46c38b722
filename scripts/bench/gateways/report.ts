import { availableParallelism, cpus, totalmem } from 'node:os';
import type { LoadResult } from './load';
import { dataSizes } from './workload';

/** The gateways benchmark's lines, samples and the Markdown report of a run (run.ts measures). */

export type GatewayId = 'stock' | 'ours';
export type Mode = 'identical' | 'variables' | 'callers';
export const MODES: readonly Mode[] = ['identical', 'variables', 'callers'];
const MODE_LABEL: Record<Mode, string> = {
  identical: 'identical requests (public benchmark)',
  variables: 'distinct `nonce` variable',
  callers: 'distinct signed-in callers',
};
export interface Line {
  gateway: GatewayId;
  mode: Mode;
}
export const GATEWAY_LABEL: Record<GatewayId, string> = {
  stock: 'stock @apollo/gateway',
  ours: 'ours (@mesh/gateway)',
};
/** One round: stock, ours, ours, stock, stock, ours (so slow drifts of the machine hit both alike). */
export const ROUND: Line[] = [
  { gateway: 'stock', mode: 'identical' },
  { gateway: 'ours', mode: 'identical' },
  { gateway: 'ours', mode: 'variables' },
  { gateway: 'stock', mode: 'variables' },
  { gateway: 'stock', mode: 'callers' },
  { gateway: 'ours', mode: 'callers' },
];

export interface Sample extends LoadResult {
  line: Line;
  round: number;
  rssMb: number;
  cpuPercent: number;
  subgraphFetchesPerRequest: number;
  loadGeneratorCpuPercent: number;
  subgraphsCpuPercent: number;
}

export const median = (values: number[]): number => {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a');

export interface ReportInput {
  samples: Sample[];
  rounds: number;
  duration: number;
  concurrency: number;
  warmup: number;
  warmupErrors: number;
  subgraphDelayMs: number;
  /** Length of the verified TestQuery answer. */
  answerBytes: number;
  loadAtStart: number[];
  loadAtEnd: number[];
  /** Which code ran (commit, uncommitted files). */
  code: string;
  idleRss: Record<GatewayId, number>;
}

/** Medians per line, ratios ours / stock, every round, and the workload's description, as Markdown. */
export function renderReport({
  samples,
  rounds,
  duration,
  concurrency,
  warmup,
  warmupErrors,
  subgraphDelayMs,
  answerBytes,
  loadAtStart,
  loadAtEnd,
  code,
  idleRss,
}: ReportInput): { text: string; errors: number } {
  const summaries = ROUND.map((line) => {
    const own = samples.filter((s) => s.line.gateway === line.gateway && s.line.mode === line.mode);
    const pick = (key: keyof Omit<Sample, 'line' | 'round' | 'firstError'>) => median(own.map((s) => s[key]));
    return {
      line,
      requests: own.reduce((sum, s) => sum + s.requests, 0),
      errors: own.reduce((sum, s) => sum + s.errors, 0),
      rps: pick('rps'),
      p50: pick('p50'),
      p95: pick('p95'),
      p99: pick('p99'),
      rssMb: pick('rssMb'),
      cpuPercent: pick('cpuPercent'),
      fetches: pick('subgraphFetchesPerRequest'),
      loadGeneratorCpuPercent: pick('loadGeneratorCpuPercent'),
      subgraphsCpuPercent: pick('subgraphsCpuPercent'),
    };
  });
  const find = (gateway: GatewayId, mode: Mode) =>
    summaries.find((s) => s.line.gateway === gateway && s.line.mode === mode)!;
  const out: string[] = [];
  const print = (line = '') => out.push(line);

  print(`## Gateways: ours vs stock @apollo/gateway (graphql-gateways-benchmark "federation" workload)`);
  print();
  print(
    `Medians of ${rounds} round(s) × ${duration} s per line (requests and errors: totals over the rounds).`,
  );
  print();
  print(
    '| gateway | mode | requests | req/s | p50 ms | p95 ms | p99 ms | errors | RSS MB (peak) | CPU % | subgraph fetches/req |',
  );
  print('| :-- | :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const s of summaries) {
    print(
      `| ${GATEWAY_LABEL[s.line.gateway]} | ${MODE_LABEL[s.line.mode]} ` +
        `| ${s.requests} | ${fixed(s.rps)} | ${fixed(s.p50)} | ${fixed(s.p95)} | ${fixed(s.p99)} | ${s.errors} ` +
        `| ${fixed(s.rssMb, 0)} | ${fixed(s.cpuPercent, 0)} | ${fixed(s.fetches, 2)} |`,
    );
  }
  print();
  print('Ratios ours / stock (req/s: higher is better for ours; latency and RSS: lower is better for ours):');
  print();
  print('| mode | req/s | p50 | p95 | p99 | RSS |');
  print('| :-- | --: | --: | --: | --: | --: |');
  for (const mode of MODES) {
    const [ours, stock] = [find('ours', mode), find('stock', mode)];
    print(
      `| ${mode} | ${ratio(ours.rps, stock.rps)} | ${ratio(ours.p50, stock.p50)} | ${ratio(ours.p95, stock.p95)} ` +
        `| ${ratio(ours.p99, stock.p99)} | ${ratio(ours.rssMb, stock.rssMb)} |`,
    );
  }
  print();
  print(
    `De-duplication in ours: req/s identical / callers ${ratio(find('ours', 'identical').rps, find('ours', 'callers').rps)}, ` +
      `variables / callers ${ratio(find('ours', 'variables').rps, find('ours', 'callers').rps)}; subgraph fetches per request ` +
      MODES.map((mode) => `${mode} ${fixed(find('ours', mode).fetches, 2)}`).join(', ') +
      ` (stock: ${MODES.map((mode) => fixed(find('stock', mode).fetches, 2)).join(', ')}; ` +
      `stock req/s identical / callers ${ratio(find('stock', 'identical').rps, find('stock', 'callers').rps)}).`,
  );
  print();
  print('Per round:');
  print();
  print(
    '| round | gateway | mode | req/s | p50 ms | p99 ms | errors | RSS MB | CPU % | load gen CPU % | subgraphs CPU % |',
  );
  print('| --: | :-- | :-- | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const s of samples) {
    print(
      `| ${s.round} | ${GATEWAY_LABEL[s.line.gateway]} | ${s.line.mode} | ${fixed(s.rps)} | ${fixed(s.p50)} | ${fixed(s.p99)} ` +
        `| ${s.errors} | ${fixed(s.rssMb, 0)} | ${fixed(s.cpuPercent, 0)} | ${fixed(s.loadGeneratorCpuPercent, 0)} | ${fixed(s.subgraphsCpuPercent, 0)} |`,
    );
  }
  print();
  print('### Workload');
  print();
  print(
    '- Origin: github.com/graphql-hive/graphql-gateways-benchmark, "federation" scenario (k6.js, federation/subgraphs/*/subgraph.rs).',
  );
  print(
    `- Query: k6.js \`TestQuery\` (users → reviews → product → reviews → author → reviews → product, and topProducts → reviews → author → reviews → product; fragments User, Review, Product), POST JSON \`{"query": …}\`; answer ${answerBytes} bytes.`,
  );
  print(
    `- Subgraphs (@apollo/subgraph over node:http, static in-memory data as in the originals): ${dataSizes()}; subgraph delay ${subgraphDelayMs} ms.`,
  );
  print(
    `- Load: closed loop, ${concurrency} concurrent requests (k6 VUs) over ${concurrency} keep-alive connections (undici Pool); ` +
      `warm-up ${warmup} s per line, then ${rounds} round(s) × ${duration} s per line, lines interleaved per round: ${ROUND.map((l) => `${l.gateway}/${l.mode}`).join(', ')}.`,
  );
  print(
    '- Modes: identical = every request the same anonymous POST (the public benchmark; our inbound and outbound de-duplication apply). variables = plus `"variables": {"nonce": N}`, N unique per request (undeclared, so ignored by execution; defeats our inbound de-duplication only, the subgraph fetches stay identical). callers = the identical POST with `Authorization: Bearer <JWT>` of a different signed-in caller per in-flight request (defeats both; ours verifies the JWT and forwards a signed identity, stock ignores the header).',
  );
  print(
    '- Failures: status ≠ 200, `"errors"` in the body, or an answer of another length than the verified one; the answer was checked once per gateway and mode against data built from the tables, and both gateways returned identical JSON `data`.',
  );
  print(
    `- Stock: \`new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) })\` + \`startStandaloneServer\`, one process (the public benchmark forks one cluster worker per CPU; not done here for either gateway). Ours: \`startGateway\` in compose mode, defaults + the four subgraphs declared public; default protection limits admit TestQuery. Both with silent loggers.`,
  );
  print(
    `- Machine: nproc ${availableParallelism()}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}; ` +
      `load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ${loadAtEnd.map((l) => l.toFixed(2)).join(' ')} at end. ` +
      `Shared machine: gateway, subgraphs and load generator compete for the same ${availableParallelism()} CPUs.`,
  );
  print(`- Code under test: ${code}.`);
  print(
    `- Gateway RSS when idle after start-up: stock ${fixed(idleRss.stock, 0)} MB, ours ${fixed(idleRss.ours, 0)} MB.`,
  );
  const errors = summaries.reduce((sum, s) => sum + s.errors, 0) + warmupErrors;
  print(`- Errors: ${errors} (warm-up included)${errors ? ' — THE RUN IS NOT VALID' : ''}.`);
  return { text: out.join('\n'), errors };
}
