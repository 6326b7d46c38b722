/**
 * Benchmark: the gateway's plan executor against Apollo Gateway's executor, in process and side by side, on
 * the same supergraph, query plans and product answers. The products' answers are recorded once and replayed
 * (each call parses the recorded JSON, as a real fetch would), so the figures are the executors' own work:
 * running the plan, merging the answers and shaping the result. No network, no other process.
 *
 *   npm run bench:executor -- [--seconds 5] [--rounds 3] [--people 100] [--reviews 5]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { createPlanExecutor } from '../../gateway/src/executor/plan-executor';
import {
  fixtureRequestContext,
  fixtureSubgraphs,
  fixtureSupergraph,
  generatedData,
  type FixtureRequest,
  type ServiceName,
} from '../../gateway/test/support/federated-fixture';

const QUERY: FixtureRequest = {
  query: `query People($first: Int!, $min: Int) {
    people(first: $first) {
      id name age status tags
      score
      reviews(min: $min) { id stars body product { upc name price } }
    }
  }`,
  variables: { first: 100, min: 1 },
  operationName: 'People',
};

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      people: { type: 'string', default: '100' },
      reviews: { type: 'string', default: '5' },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const people = Number(values.people);
  const reviewsPerPerson = Number(values.reviews);
  QUERY.variables = { ...QUERY.variables, first: people };

  const subgraphs = fixtureSubgraphs(generatedData(people, reviewsPerPerson, 20));
  const recorded = new Map<string, string>();
  let fetches = 0;
  const buildService = ({ name }: { name: string }) => {
    const local = new LocalGraphQLDataSource(subgraphs[name as ServiceName]);
    return {
      async process(options: Parameters<LocalGraphQLDataSource['process']>[0]) {
        fetches += 1;
        const key = `${name}\u0000${options.request.query}\u0000${JSON.stringify(options.request.variables)}`;
        let text = recorded.get(key);
        if (text === undefined) {
          text = JSON.stringify(await local.process(options));
          recorded.set(key, text);
        }
        return JSON.parse(text) as Awaited<ReturnType<LocalGraphQLDataSource['process']>>;
      },
    };
  };
  const ours = createPlanExecutor({ buildService });
  const gateway = new ApolloGateway({ supergraphSdl: fixtureSupergraph(subgraphs), buildService });
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => ours.load(coreSupergraphSdl, apiSchema));
  const loaded = await gateway.load();
  const schema = loaded.schema;
  const executors: Record<'apollo' | 'mesh', GatewayExecutor> = {
    apollo: loaded.executor!,
    mesh: ours.wrap(loaded.executor!),
  };

  // Both answer alike (the differential tests check this thoroughly; here it guards the workload).
  const answers = await Promise.all(
    Object.values(executors).map(async (execute) =>
      JSON.stringify(await execute(fixtureRequestContext(schema, QUERY))),
    ),
  );
  if (answers[0] !== answers[1]) throw new Error('the two executors answered differently');
  if (answers[0]!.includes('"errors"')) throw new Error(`the workload answered with errors: ${answers[0]}`);
  const answerBytes = Buffer.byteLength(answers[0]!);
  const fetchesPerRequest = fetches / 2;

  const results: Record<string, number[]> = { apollo: [], mesh: [] };
  const cpu: Record<string, number[]> = { apollo: [], mesh: [] };
  const warm = async (name: 'apollo' | 'mesh', forSeconds: number) => {
    const execute = executors[name];
    const deadline = performance.now() + forSeconds * 1000;
    let count = 0;
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    while (performance.now() < deadline) {
      const result = await execute(fixtureRequestContext(schema, QUERY));
      JSON.stringify(result); // what Apollo Server then does with it
      count += 1;
    }
    const used = process.cpuUsage(cpuStart);
    return {
      perSecond: count / ((performance.now() - started) / 1000),
      cpuMs: (used.user + used.system) / 1000 / count,
    };
  };
  process.stderr.write('Warm-up…\n');
  await warm('apollo', 2);
  await warm('mesh', 2);
  for (let round = 1; round <= rounds; round++) {
    const order: ('apollo' | 'mesh')[] = round % 2 === 1 ? ['apollo', 'mesh'] : ['mesh', 'apollo'];
    for (const name of order) {
      const { perSecond, cpuMs } = await warm(name, seconds);
      results[name]!.push(perSecond);
      cpu[name]!.push(cpuMs);
      process.stderr.write(
        `round ${round}/${rounds} ${name.padEnd(6)} ${perSecond.toFixed(0)} ops/s  ${cpuMs.toFixed(3)} ms CPU/op\n`,
      );
    }
  }
  await gateway.stop();

  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const apollo = median(results.apollo!);
  const mesh = median(results.mesh!);
  console.log(`
Workload: people(first: ${people}) with score (reviews subgraph), ${reviewsPerPerson} reviews each and their products
(products subgraph): ${fetchesPerRequest} fetches per request, answer ${answerBytes} bytes; product answers replayed from
memory (parsed per fetch); ${rounds} rounds x ${seconds} s per executor, interleaved; one request at a time; medians.

| executor | ops/s | CPU ms per op |
|---|---:|---:|
| Apollo Gateway executeQueryPlan + computeResponse | ${apollo.toFixed(0)} | ${median(cpu.apollo!).toFixed(3)} |
| mesh plan executor | ${mesh.toFixed(0)} | ${median(cpu.mesh!).toFixed(3)} |

Mesh / Apollo: x${(mesh / apollo).toFixed(2)} operations per second.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
