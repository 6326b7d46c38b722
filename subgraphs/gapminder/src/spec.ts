import type { TabularSpec } from '@mesh/product-kit';

/** Inferred from data/gapminder-health-income.csv by npm run new-product. Edit descriptions and units; keep types in step with schema.graphql. */
export const spec: TabularSpec = {
  product: 'gapminder',
  prefix: 'Gapminder',
  key: 'country',
  columns: [
    {
      source: 'country',
      column: 'country',
      field: 'country',
      type: 'STRING',
      nullable: false,
      description: 'country (inferred string; describe it here).',
    },
    {
      source: 'income',
      column: 'income',
      field: 'income',
      type: 'INTEGER',
      nullable: false,
      description: 'income (inferred integer; describe it here).',
    },
    {
      source: 'health',
      column: 'health',
      field: 'health',
      type: 'NUMBER',
      nullable: false,
      description: 'health (inferred number; describe it here).',
    },
    {
      source: 'population',
      column: 'population',
      field: 'population',
      type: 'INTEGER',
      nullable: false,
      description: 'population (inferred integer; describe it here).',
    },
    {
      source: 'region',
      column: 'region',
      field: 'region',
      type: 'STRING',
      nullable: false,
      description: 'region (inferred string, 6 categories; describe it here).',
      categories: [
        'america',
        'east_asia_pacific',
        'europe_central_asia',
        'middle_east_north_africa',
        'south_asia',
        'sub_saharan_africa',
      ],
    },
  ],
};
