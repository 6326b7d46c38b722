import {
  analysisResult,
  badUserInput,
  checkCohortSizes,
  describeCohort,
  InputErrorReason,
  notComputable,
  survivalPlot,
  type AppDefinition,
  type CohortRef,
  type ResultColumn,
} from '@mesh/product-kit';
import { kaplanMeier, logRankTest } from '@mesh/stats';
import type { Context } from '../resolvers/context';
import type { TrialsStorage } from '../storage';

export interface ComparisonRepresentation {
  id: string;
  a: CohortRef;
  b: CohortRef;
}

const ENDPOINTS: Record<string, string> = {
  OVERALL_SURVIVAL: 'OS',
  PROGRESSION_FREE_SURVIVAL: 'PFS',
  MACE: 'MACE',
};
const DAYS_PER_MONTH = 30.4375;

function parameters(storage: TrialsStorage) {
  return [
    {
      name: 'trial',
      title: 'Trial',
      help: 'Whose enrolled patients and outcomes to analyse.',
      type: 'ID!',
      kind: 'ENUM' as const,
      allowedValues: storage.trials.map((trial) => ({
        value: trial.id,
        label: `${trial.id}: ${trial.title}`,
      })),
    },
    {
      name: 'endpoint',
      title: 'Endpoint',
      help: 'The time-to-event outcome.',
      type: 'Endpoint',
      kind: 'ENUM' as const,
      default: 'OVERALL_SURVIVAL',
      allowedValues: Object.keys(ENDPOINTS).map((value) => ({
        value,
        label: value.replaceAll('_', ' ').toLowerCase(),
      })),
    },
  ];
}

export function trialsApps(storage: TrialsStorage): AppDefinition[] {
  return [
    {
      name: 'survivalByArm',
      title: 'Survival by trial arm',
      description:
        'Kaplan-Meier curves with 95% confidence bands (log-log) for each arm, among the cohort\u2019s patients enrolled in a trial; log-rank test.',
      input: 'ONE_GROUP',
      entry: 'cohort',
      groupType: 'CohortCriteria',
      target: 'Cohort',
      field: 'survivalByArm',
      parameters: parameters(storage),
      output:
        'The survival curve steps per arm (at risk, events, censored, survival, CI); log-rank chi-square, p, hazard ratio; step chart.',
      chart: 'survival',
    },
    {
      name: 'survival',
      title: 'Survival of two cohorts',
      description:
        'Kaplan-Meier curves of cohort A vs cohort B among patients enrolled in a trial, whatever their arm; log-rank test.',
      input: 'TWO_GROUPS',
      entry: 'compareCohorts',
      groupType: 'CohortCriteria',
      target: 'CohortComparison',
      field: 'survival',
      parameters: parameters(storage),
      output: 'The survival curve steps per cohort; log-rank chi-square, p, hazard ratio; step chart.',
      chart: 'survival',
    },
  ];
}

const COLUMNS: ResultColumn[] = [
  { name: 'group', title: 'Group', type: 'STRING' },
  { name: 'time', title: 'Time', type: 'NUMBER', unit: 'months' },
  { name: 'atRisk', title: 'At risk', type: 'INTEGER' },
  { name: 'events', title: 'Events', type: 'INTEGER' },
  { name: 'censored', title: 'Censored', type: 'INTEGER' },
  { name: 'survival', title: 'Survival', type: 'NUMBER' },
  { name: 'lower', title: '95% CI low', type: 'NUMBER' },
  { name: 'upper', title: '95% CI high', type: 'NUMBER' },
];

interface Group {
  name: string;
  times: number[];
  events: boolean[];
}

function checkTrial(storage: TrialsStorage, trialId: string, endpoint: string) {
  const trial = storage.trialById.get(trialId);
  if (!trial) {
    throw badUserInput(`Unknown trial "${trialId}". Known: ${storage.trials.map((t) => t.id).join(', ')}.`, {
      reason: InputErrorReason.InvalidParameter,
      argument: 'trial',
    });
  }
  const code = ENDPOINTS[endpoint]!;
  if (!trial.endpoints.split(',').includes(code)) {
    throw badUserInput(`Trial ${trialId} does not record ${endpoint}; it records ${trial.endpoints}.`, {
      reason: InputErrorReason.InvalidParameter,
      argument: 'endpoint',
    });
  }
  return { trial, code };
}

async function survivalResult(
  context: Context,
  app: AppDefinition,
  groups: Group[],
  params: Record<string, unknown>,
  title: string,
) {
  const { product } = context;
  const fits = groups.map((group) => ({
    group,
    fit: kaplanMeier(group.times, group.events, { confidence: 0.95 }),
  }));
  const missing = groups.find((group) => group.times.length === 0);
  if (missing)
    return notComputable(product, app, `No enrolled patient with this endpoint in "${missing.name}".`, {
      parameters: params,
    });
  if (groups.every((group) => group.events.every((event) => !event))) {
    return notComputable(product, app, 'Every observation is censored: no event to estimate survival from.', {
      parameters: params,
    });
  }
  const rows: unknown[][] = [];
  const steps: Parameters<typeof survivalPlot>[0]['steps'] = [];
  const medians: string[] = [];
  for (const { group, fit } of fits) {
    if (!fit.computable)
      return notComputable(product, app, `${group.name}: ${fit.reason}`, { parameters: params });
    steps.push({ group: group.name, time: 0, survival: 1, lower: 1, upper: 1 });
    for (const step of fit.steps) {
      const months = step.time / DAYS_PER_MONTH;
      rows.push([
        group.name,
        months,
        step.nAtRisk,
        step.nEvents,
        step.nCensored,
        step.survival,
        step.lower,
        step.upper,
      ]);
      steps.push({
        group: group.name,
        time: months,
        survival: step.survival,
        lower: step.lower,
        upper: step.upper,
      });
    }
    medians.push(
      `Median survival ${group.name}: ${fit.median === null ? 'not reached' : `${(fit.median / DAYS_PER_MONTH).toFixed(1)} months`}.`,
    );
  }
  const test = logRankTest(groups.map((group) => ({ times: group.times, events: group.events })));
  const hazardRatio =
    test.computable &&
    groups.length === 2 &&
    test.expected[0]! > 0 &&
    test.expected[1]! > 0 &&
    test.observed[1]! > 0
      ? test.observed[0]! / test.expected[0]! / (test.observed[1]! / test.expected[1]!)
      : null;
  return analysisResult(product, app, {
    parameters: params,
    columns: COLUMNS,
    rows,
    statistics: {
      test: 'Log-rank test',
      statisticName: 'chi-square',
      testStatistic: test.computable ? test.statistic : null,
      degreesOfFreedom: test.computable ? test.df : null,
      pValue: test.computable ? test.pValue : null,
      effectSize: hazardRatio,
      effectSizeMeasure:
        hazardRatio === null
          ? null
          : `hazard ratio ${groups[0]!.name} vs ${groups[1]!.name} (log-rank O/E estimate)`,
      groups: groups.map((group) => ({ group: group.name, n: group.times.length })),
      notes: [
        ...medians,
        'Kaplan-Meier with Greenwood standard errors; 95% CI on the log-log scale. Times in months.',
        ...(test.computable ? [] : [`Log-rank not computable: ${test.reason}`]),
      ],
    },
    chart: survivalPlot({ title, steps, timeTitle: 'Months since enrolment' }),
  });
}

export async function runSurvivalByArm(
  cohort: CohortRef,
  args: { trial: string; endpoint?: string | null },
  context: Context,
) {
  const { storage } = context;
  const endpoint = args.endpoint ?? 'OVERALL_SURVIVAL';
  const { trial, code } = checkTrial(storage, args.trial, endpoint);
  checkCohortSizes([{ name: cohort.name, size: cohort.patientIds.length, argument: 'cohort' }]);
  const outcomes = (await storage.outcomes()).get(trial.id, code) ?? new Map();
  const arms = storage.armsByTrial.get(trial.id) ?? [];
  const groups: Group[] = arms.map((arm) => ({ name: arm.name, times: [], events: [] }));
  for (const id of cohort.patientIds) {
    const outcome = outcomes.get(id);
    if (!outcome) continue;
    const group = groups[arms.indexOf(outcome.arm)]!;
    group.times.push(outcome.days);
    group.events.push(outcome.event);
  }
  const app = trialsApps(storage)[0]!;
  const params = { cohort: describeCohort(cohort), trial: trial.id, endpoint };
  return survivalResult(
    context,
    app,
    groups,
    params,
    `${cohort.name} in ${trial.id}: ${endpoint.replaceAll('_', ' ').toLowerCase()} by arm`,
  );
}

export async function runSurvival(
  comparison: ComparisonRepresentation,
  args: { trial: string; endpoint?: string | null },
  context: Context,
) {
  const { storage } = context;
  const endpoint = args.endpoint ?? 'OVERALL_SURVIVAL';
  const { trial, code } = checkTrial(storage, args.trial, endpoint);
  checkCohortSizes([
    { name: comparison.a.name, size: comparison.a.patientIds.length, argument: 'a' },
    { name: comparison.b.name, size: comparison.b.patientIds.length, argument: 'b' },
  ]);
  const outcomes = (await storage.outcomes()).get(trial.id, code) ?? new Map();
  const groups: Group[] = [comparison.a, comparison.b].map((cohort) => {
    const group: Group = { name: cohort.name, times: [], events: [] };
    for (const id of cohort.patientIds) {
      const outcome = outcomes.get(id);
      if (!outcome) continue;
      group.times.push(outcome.days);
      group.events.push(outcome.event);
    }
    return group;
  });
  const app = trialsApps(storage)[1]!;
  const params = {
    a: describeCohort(comparison.a),
    b: describeCohort(comparison.b),
    trial: trial.id,
    endpoint,
  };
  return survivalResult(
    context,
    app,
    groups,
    params,
    `${comparison.a.name} vs ${comparison.b.name} in ${trial.id}`,
  );
}
