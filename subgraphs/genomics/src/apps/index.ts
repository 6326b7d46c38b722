import type { AppDefinition } from '@mesh/product-kit';
import { differentialExpressionApp } from './differential-expression';
import { geneExpressionApp } from './gene-expression';
import { geneSetEnrichmentApp } from './gene-set-enrichment';

export function genomicsApps(): AppDefinition[] {
  return [differentialExpressionApp, geneSetEnrichmentApp, geneExpressionApp];
}

export { runDifferentialExpression } from './differential-expression';
export { runGeneExpression } from './gene-expression';
export { runGeneSetEnrichment } from './gene-set-enrichment';
