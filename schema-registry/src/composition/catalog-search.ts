import {
  Kind,
  parse,
  type DefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type StringValueNode,
} from 'graphql';
import type { CatalogMetadata } from './catalog-metadata';

export interface SearchableProduct {
  name: string;
  status: 'active' | 'retired';
  catalog: CatalogMetadata;
  /** The product's current subgraph SDL. */
  sdl: string;
}

export type SearchHitKind = 'PRODUCT' | 'TYPE' | 'FIELD' | 'APP';

export interface SearchHit {
  kind: SearchHitKind;
  product: string;
  /** `clinical` for a product, `Patient` for a type, `Patient.age` for a field, `genomics.differentialExpression` for an app. */
  coordinate: string;
  description: string | null;
  score: number;
  /** Where the terms matched: `tag`, `owner`, `field name`, `description`… */
  matchedIn: string[];
}

interface Facet {
  where: string;
  text: string;
  weight: number;
}

interface Entry {
  kind: SearchHitKind;
  product: string;
  coordinate: string;
  description: string | null;
  facets: Facet[];
}

// Names, tags and owners say what a thing is; descriptions only mention it.
const WEIGHT = {
  productName: 10,
  title: 8,
  tag: 7,
  keyword: 6,
  owner: 6,
  domain: 5,
  dataSource: 4,
  typeName: 6,
  fieldName: 5,
  argument: 2,
  description: 2,
  appTitle: 7,
} as const;

const descriptionOf = (node: { description?: StringValueNode }) => node.description?.value ?? null;

function fieldEntries(
  product: string,
  typeName: string,
  fields: readonly (FieldDefinitionNode | InputValueDefinitionNode)[],
): Entry[] {
  return fields.map((field) => {
    const description = descriptionOf(field);
    const args = 'arguments' in field ? (field.arguments ?? []) : [];
    return {
      kind: 'FIELD' as const,
      product,
      coordinate: `${typeName}.${field.name.value}`,
      description,
      facets: [
        { where: 'field name', text: field.name.value, weight: WEIGHT.fieldName },
        ...(description ? [{ where: 'description', text: description, weight: WEIGHT.description }] : []),
        ...args.map((arg) => ({ where: 'argument', text: arg.name.value, weight: WEIGHT.argument })),
      ],
    };
  });
}

function schemaEntries(product: string, sdl: string): Entry[] {
  let definitions: readonly DefinitionNode[];
  try {
    definitions = parse(sdl).definitions;
  } catch {
    return [];
  }
  const entries: Entry[] = [];
  for (const definition of definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION
    )
      continue;
    const name = definition.name.value;
    const description = 'description' in definition ? descriptionOf(definition) : null;
    if (name !== 'Query' && name !== 'Mutation') {
      entries.push({
        kind: 'TYPE',
        product,
        coordinate: name,
        description,
        facets: [
          { where: 'type name', text: name, weight: WEIGHT.typeName },
          ...(description ? [{ where: 'description', text: description, weight: WEIGHT.description }] : []),
        ],
      });
    }
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) continue;
    entries.push(...fieldEntries(product, name, definition.fields ?? []));
  }
  return entries;
}

function appEntries(product: SearchableProduct): Entry[] {
  return product.catalog.apps.map((app) => ({
    kind: 'APP' as const,
    product: product.name,
    coordinate: app.id,
    description: app.description || null,
    facets: [
      { where: 'app name', text: app.name, weight: WEIGHT.fieldName },
      { where: 'app title', text: app.title, weight: WEIGHT.appTitle },
      ...app.parameters.map((parameter) => ({
        where: 'app parameter',
        text: `${parameter.name} ${parameter.title}`,
        weight: WEIGHT.argument,
      })),
      { where: 'description', text: app.description, weight: WEIGHT.description },
    ],
  }));
}

function productEntry(product: SearchableProduct): Entry {
  const { catalog } = product;
  return {
    kind: 'PRODUCT',
    product: product.name,
    coordinate: product.name,
    description: catalog.description || null,
    facets: [
      { where: 'product name', text: product.name, weight: WEIGHT.productName },
      { where: 'title', text: catalog.title, weight: WEIGHT.title },
      ...catalog.tags.map((tag) => ({ where: 'tag', text: tag, weight: WEIGHT.tag })),
      ...catalog.keywords.map((keyword) => ({ where: 'keyword', text: keyword, weight: WEIGHT.keyword })),
      ...(catalog.owner
        ? [
            { where: 'owner', text: catalog.owner.team, weight: WEIGHT.owner },
            { where: 'owner', text: catalog.owner.contact, weight: WEIGHT.owner },
          ]
        : []),
      ...(catalog.domain ? [{ where: 'domain', text: catalog.domain, weight: WEIGHT.domain }] : []),
      ...catalog.dataSources.map((source) => ({
        where: 'data source',
        text: source.name,
        weight: WEIGHT.dataSource,
      })),
      { where: 'description', text: catalog.description, weight: WEIGHT.description },
    ],
  };
}

const tokenize = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Splits camelCase and snake_case too: `diagnosisCodes` matches "diagnosis" and "codes". */
const words = (text: string) =>
  tokenize(text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ')).concat(tokenize(text));

/** How well one term matches a facet: a whole word beats a prefix beats a substring. */
function termScore(term: string, facet: Facet): number {
  const facetWords = words(facet.text);
  if (facetWords.includes(term)) return facet.weight;
  if (facetWords.some((word) => word.startsWith(term))) return facet.weight * 0.6;
  if (facet.text.toLowerCase().includes(term)) return facet.weight * 0.3;
  return 0;
}

/**
 * Ranks catalogue entries (products, their types and fields) against a free-text query. Every term adds the
 * score of its best facet; entries that match every term rank above those that match some.
 */
export function searchCatalog(
  products: readonly SearchableProduct[],
  query: string,
  limit = 50,
): SearchHit[] {
  const terms = [...new Set(tokenize(query))];
  if (terms.length === 0) return [];
  const entries = products.flatMap((product) => [
    productEntry(product),
    ...(product.status === 'active'
      ? [...schemaEntries(product.name, product.sdl), ...appEntries(product)]
      : []),
  ]);
  const hits: SearchHit[] = [];
  for (const entry of entries) {
    let score = 0;
    let matchedTerms = 0;
    const matchedIn = new Set<string>();
    for (const term of terms) {
      let best = 0;
      let where = '';
      for (const facet of entry.facets) {
        const s = termScore(term, facet);
        if (s > best) {
          best = s;
          where = facet.where;
        }
      }
      if (best > 0) {
        matchedTerms++;
        score += best;
        matchedIn.add(where);
      }
    }
    if (matchedTerms === 0) continue;
    const completeness = matchedTerms === terms.length ? 2 : matchedTerms / terms.length;
    hits.push({
      kind: entry.kind,
      product: entry.product,
      coordinate: entry.coordinate,
      description: entry.description,
      score: Math.round(score * completeness * 100) / 100,
      matchedIn: [...matchedIn],
    });
  }
  const kindOrder: Record<SearchHitKind, number> = { PRODUCT: 0, APP: 1, TYPE: 2, FIELD: 3 };
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      kindOrder[a.kind] - kindOrder[b.kind] ||
      a.product.localeCompare(b.product) ||
      a.coordinate.localeCompare(b.coordinate),
  );
  return hits.slice(0, limit);
}
