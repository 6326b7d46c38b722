/**
 * @mesh/chart-safety: what a stored chart may contain before another user's browser draws it. Pure and
 * dependency-free, so the workspace product (refusing on write) and the web (refusing on render) share it.
 */
export { chartHazards, chartHazardsIn, describeChartHazards, type ChartHazard } from './hazards';
