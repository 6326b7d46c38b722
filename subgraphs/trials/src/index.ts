import { defineProduct } from '@mesh/product-kit';
import { dataTables, migrations } from '../migrations';
import { trialsApps } from './apps';
import { resolvers } from './resolvers';
import { prepareTrialsStorage, type TrialsStorage } from './storage';

export const trials = defineProduct<TrialsStorage>({
  dir: __dirname,
  title: 'Clinical trials',
  description:
    'Trials, arms, enrolments of clinical patients and time-to-event outcomes; Kaplan-Meier survival analyses with log-rank tests.',
  license: 'CC-BY-4.0',
  resolvers,
  migrations,
  dataTables,
  prepareStorage: prepareTrialsStorage,
  apps: trialsApps,
});

export const startTrials = trials.start;
export { migrations, dataTables };
