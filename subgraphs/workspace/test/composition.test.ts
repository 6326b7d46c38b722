import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { clinical } from '@mesh/clinical';
import { genomics } from '@mesh/genomics';
import { hashSchema, printProductSdl } from '@mesh/product-kit';
import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { buildWorkspaceSchema, workspaceProduct } from '../src';

describe('the workspace subgraph', () => {
  const workspaceSdl = printSubgraphSchema(
    buildWorkspaceSchema({
      name: workspaceProduct.name,
      title: workspaceProduct.title,
      description: workspaceProduct.description,
      version: workspaceProduct.version,
      schemaHash: hashSchema(workspaceProduct.typeDefs),
      license: workspaceProduct.license,
      visibility: workspaceProduct.visibility,
      source: null,
      sourceUrl: null,
      snapshotDate: null,
      startedAt: new Date(0).toISOString(),
    }),
  );

  it('composes with the clinical and genomics products', () => {
    const result = composeServices([
      {
        name: 'clinical',
        url: 'http://clinical/graphql',
        typeDefs: parse(printProductSdl(clinical.definition)),
      },
      {
        name: 'genomics',
        url: 'http://genomics/graphql',
        typeDefs: parse(printProductSdl(genomics.definition)),
      },
      { name: 'workspace', url: 'http://workspace/graphql', typeDefs: parse(workspaceSdl) },
    ]);
    expect(result.errors?.map((error) => error.message)).toBeUndefined();
    // A saved cohort is a clinical Cohort: through the gateway, every product's Cohort fields apply.
    expect(result.supergraphSdl).toMatch(/type Udat[^{]*\{[^}]*cohort: Cohort/);
    expect(result.supergraphSdl).toMatch(
      /type Cohort[^{]*join__type\(graph: WORKSPACE, key: "id", resolvable: false\)/,
    );
  });

  it('declares its scopes for the gateway: read on every entry point, write on every mutation', () => {
    const scopesOf = (typeName: string) => {
      const type = parse(workspaceSdl).definitions.find(
        (definition): definition is ObjectTypeDefinitionNode =>
          definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === typeName,
      );
      return Object.fromEntries(
        (type?.fields ?? []).map((field) => [
          field.name.value,
          field.directives
            ?.filter((directive) => directive.name.value === 'requiresScopes')
            .map((directive) => print(directive.arguments![0]!.value)),
        ]),
      );
    };
    const read = ['[["workspace:read"]]'];
    const write = ['[["workspace:write"]]'];
    expect(scopesOf('Query')).toMatchObject({ history: read, historyEntry: read, udats: read, udat: read });
    expect(scopesOf('Mutation')).toEqual({
      recordRun: write,
      setHistoryVisibility: write,
      saveUdat: write,
      updateUdat: write,
      forkUdat: write,
      deleteUdat: write,
    });
  });
});
