import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/**
 * The compile-time half of result shaping: an operation's selections, per runtime type, as flat lists of
 * fields whose types are unwrapped once into plain descriptors (shape.ts walks them per answer).
 */

export type Path = (string | number)[];
export type Output = Record<string, unknown>;

export interface FieldPlan {
  responseName: string;
  /** `__typename`: answered from the data's type name, not completed. */
  typename: boolean;
  /** The type the field was selected on (a fragment's condition, else the enclosing type): error texts. */
  parentType: GraphQLCompositeType;
  type: GraphQLOutputType;
  /** The field's type as plain data: no graphql-js type checks per value. */
  desc?: TypeDesc;
  /** A response name that must not be assigned as a plain property (`__proto__`). */
  unsafeKey: boolean;
  /** Sub-selections of a composite field (all occurrences of the response name merged). */
  selections?: SelectionPlan;
}

export const NON_NULL = 0;
export const LIST = 1;
export const COMPOSITE = 2;
export const LEAF = 3;

/** A field type, unwrapped once at compile time. */
export interface TypeDesc {
  kind: typeof NON_NULL | typeof LIST | typeof COMPOSITE | typeof LEAF;
  /** The wrapped type (non-null and list). */
  of?: TypeDesc;
  /** As computeResponse prints it in error messages. */
  printed: string;
  composite?: GraphQLCompositeType;
  /** Whether a value is valid for this leaf type (computeResponse's isValidLeafValue). */
  valid?: (value: unknown) => boolean;
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const BUILT_IN_SCALARS = new Set(['Int', 'Float', 'String', 'Boolean', 'ID']);
const isInteger = (value: unknown) =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  (Number.isSafeInteger(value) || INTEGER.test(String(value)));

function leafValidator(type: GraphQLNamedType): (value: unknown) => boolean {
  if (isEnumType(type)) {
    const names = new Set(type.getValues().map((value) => value.name));
    return (value) => typeof value === 'string' && names.has(value);
  }
  if (isScalarType(type) && !BUILT_IN_SCALARS.has(type.name)) return () => true;
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean';
    case 'Int':
      return isInteger;
    case 'ID':
      return (value) => typeof value === 'string' || isInteger(value);
    case 'Float':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'String':
      return (value) => typeof value === 'string';
    default:
      return () => false;
  }
}

function describeType(type: GraphQLOutputType): TypeDesc {
  if (isNonNullType(type)) return { kind: NON_NULL, of: describeType(type.ofType), printed: String(type) };
  if (isListType(type)) return { kind: LIST, of: describeType(type.ofType), printed: String(type) };
  if (isCompositeType(type)) return { kind: COMPOSITE, composite: type, printed: type.name };
  return { kind: LEAF, valid: leafValidator(type as GraphQLNamedType), printed: String(type) };
}

export class SelectionPlan {
  /** Field lists by runtime type name ('' when the data has no `__typename`). */
  private readonly byTypename = new Map<string, FieldPlan[]>();

  constructor(
    private readonly compiler: ShapeCompiler,
    readonly declaredType: GraphQLCompositeType,
    private readonly sets: readonly SelectionSetNode[],
  ) {}

  fieldsFor(typename: string, runtimeType: GraphQLCompositeType | null): FieldPlan[] {
    let fields = this.byTypename.get(typename);
    if (!fields) {
      fields = this.compiler.collect(this.sets, runtimeType, this.declaredType);
      this.byTypename.set(typename, fields);
    }
    return fields;
  }
}

/** Variable values the operation's `@skip`/`@include` directives depend on, as a cache key. */
export function conditionKey(names: readonly string[], variables: Record<string, unknown>): string {
  let key = '';
  for (const name of names) key += variables[name] === true ? '1' : '0';
  return key;
}

export class ShapeCompiler {
  constructor(
    readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  private skipped(directives: readonly DirectiveNode[] | undefined): boolean {
    if (!directives) return false;
    for (const directive of directives) {
      const name = directive.name.value;
      if (name !== 'skip' && name !== 'include') continue;
      const arg = directive.arguments?.find((argument) => argument.name.value === 'if');
      if (!arg) continue;
      const value =
        arg.value.kind === Kind.VARIABLE
          ? this.variables[arg.value.name.value] === true
          : arg.value.kind === Kind.BOOLEAN && arg.value.value;
      if (name === 'skip' ? value : !value) return true;
    }
    return false;
  }

  /** Whether a fragment's type condition applies (as computeResponse decides it). */
  private applies(
    condition: GraphQLNamedType | undefined,
    runtimeType: GraphQLCompositeType | null,
    enclosing: GraphQLCompositeType,
  ): boolean {
    if (!condition) return true;
    const target = runtimeType ?? enclosing;
    if (condition === target) return true;
    return (
      isAbstractType(condition) &&
      (isObjectType(target) || isInterfaceType(target)) &&
      this.schema.isSubType(condition, target)
    );
  }

  /**
   * The fields of `sets` for one runtime type, in selection order, same response names merged. Field
   * definitions come from the selection's static type (declared type or fragment condition), as in the
   * operation Apollo plans; fragments apply by the data's `__typename` when it has one.
   */
  collect(
    sets: readonly SelectionSetNode[],
    runtimeType: GraphQLCompositeType | null,
    declaredType: GraphQLCompositeType,
  ): FieldPlan[] {
    const byName = new Map<string, { plan: FieldPlan; nodes: FieldNode[] }>();
    const visit = (
      set: SelectionSetNode,
      staticType: GraphQLCompositeType,
      parentType: GraphQLCompositeType,
    ) => {
      for (const selection of set.selections) {
        if (this.skipped(selection.directives)) continue;
        if (selection.kind === Kind.FIELD) {
          const responseName = selection.alias?.value ?? selection.name.value;
          const existing = byName.get(responseName);
          if (existing) {
            existing.nodes.push(selection);
            continue;
          }
          const typename = selection.name.value === '__typename';
          const definition = typename ? undefined : fieldsOf(staticType)[selection.name.value];
          if (!typename && !definition) {
            throw new Error(`Cannot shape unknown field ${staticType.name}.${selection.name.value}`);
          }
          byName.set(responseName, {
            plan: {
              responseName,
              typename,
              parentType,
              type: definition?.type as GraphQLOutputType,
              desc: definition ? describeType(definition.type) : undefined,
              unsafeKey: responseName === '__proto__',
            },
            nodes: [selection],
          });
          continue;
        }
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : this.fragments.get(selection.name.value);
        if (!fragment)
          throw new Error(
            `Unknown fragment ${selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : ''}`,
          );
        const condition = fragment.typeCondition
          ? this.schema.getType(fragment.typeCondition.name.value)
          : undefined;
        if (fragment.typeCondition && !isCompositeType(condition)) continue;
        if (!this.applies(condition, runtimeType, parentType)) continue;
        const conditionType = condition as GraphQLCompositeType | undefined;
        visit(fragment.selectionSet, conditionType ?? staticType, conditionType ?? parentType);
      }
    };
    for (const set of sets) visit(set, declaredType, runtimeType ?? declaredType);
    const fields: FieldPlan[] = [];
    for (const { plan, nodes } of byName.values()) {
      if (!plan.typename) {
        const named = getNamedType(plan.type);
        if (isCompositeType(named)) {
          const subSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
          plan.selections = new SelectionPlan(this, named, subSets);
        }
      }
      fields.push(plan);
    }
    return fields;
  }
}

function fieldsOf(type: GraphQLCompositeType): Record<string, { type: GraphQLOutputType } | undefined> {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}
