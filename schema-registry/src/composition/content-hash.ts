import { createHash } from 'node:crypto';

export function sha256(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/**
 * The id of a schema version: a hash over exactly what the supergraph is made of (each subgraph's name,
 * routing URL and SDL, in name order). The same content always gets the same id, whoever published it.
 */
export function schemaVersionId(subgraphs: readonly SubgraphSource[]): string {
  const canonical = [...subgraphs]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, url, sdl }) => [name, url, sdl]);
  return sha256(JSON.stringify(canonical));
}
