import { defineTabularProduct } from '@mesh/product-kit';
import { spec } from './spec';

export const gapminder = defineTabularProduct({
  dir: __dirname,
  spec,
  title: 'Gapminder health and income',
  description:
    'Per-capita income (GDP per person, PPP, international dollars), life expectancy, population and world region of every country, from Gapminder.',
  license: 'CC-BY-4.0',
  source: 'Gapminder Foundation, via vega-datasets 3.2.1',
  sourceUrl: 'https://www.gapminder.org/free-material/',
  csv: 'data/gapminder-health-income.csv',
  snapshotDate: '2023-01-01',
});

export const startGapminder = gapminder.start;
