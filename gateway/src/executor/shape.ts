import {
  GraphQLError,
  isCompositeType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  COMPOSITE,
  conditionKey,
  LIST,
  NON_NULL,
  ShapeCompiler,
  type FieldPlan,
  type Output,
  type Path,
  type TypeDesc,
} from './shape-plan';

/**
 * Result shaping of a federated answer, compiled once per operation: the merged subgraph data (which
 * carries extra keys and `__typename`s the plan needed) becomes the answer the client asked for, with
 * GraphQL's null propagation and leaf checks. Same output and errors as @apollo/gateway's `computeResponse`,
 * which re-walks the operation through its schema objects on every request; this walks precomputed field
 * lists, one per (selection set, runtime type), instead.
 */

/** An own property of subgraph data (never one inherited from Object.prototype). */
function own(input: Output, key: string): unknown {
  const value = input[key];
  if (value === undefined || typeof value === 'function' || key === '__proto__') {
    return Object.prototype.hasOwnProperty.call(input, key) ? value : undefined;
  }
  return value;
}

/** The answer and the value-completion errors (computeResponse's `errors`). */
export interface Shaped {
  data: Output | null;
  errors: GraphQLError[];
}

/** Null with its error already recorded; the enclosing non-null position must not add another. */
const NULL_WITH_ERRORS = Symbol('null-with-errors');
/** A non-null position got null: the nearest nullable ancestor becomes null. */
const INVALID = Symbol('invalid');
type Completed = unknown | typeof NULL_WITH_ERRORS | typeof INVALID;

function invalidGraphql(message: string, path: Path): GraphQLError {
  return new GraphQLError(message, { path: [...path], extensions: { code: 'INVALID_GRAPHQL' } });
}

function describeLast(path: Path, currentType: TypeDesc, parentType: GraphQLCompositeType): string {
  const element = path[path.length - 1];
  return typeof element === 'string'
    ? `field ${parentType.name}.${element}`
    : `array element of type ${currentType.printed} at index ${element}`;
}

function assign(output: Output, field: FieldPlan, value: unknown): void {
  if (field.unsafeKey) {
    Object.defineProperty(output, field.responseName, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else output[field.responseName] = value;
}

class Shaping {
  readonly errors: GraphQLError[] = [];
  readonly path: Path = [];

  constructor(private readonly schema: GraphQLSchema) {}

  /** Fills `output` from `input`; false when a non-null field nulled the whole object. */
  apply(input: Output, fields: readonly FieldPlan[], output: Output): boolean {
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const responseName = field.responseName;
      if (field.typename) {
        let value = own(input, responseName) ?? null;
        if (value === null && responseName !== '__typename') value = own(input, '__typename') ?? null;
        const type =
          typeof value === 'string' ? (this.schema.getType(value) ?? field.parentType) : field.parentType;
        if (!isObjectType(type)) return false;
        assign(output, field, type.name);
        continue;
      }
      this.path.push(responseName);
      const completed = this.complete(field.desc!, own(input, responseName) ?? null, field);
      this.path.pop();
      if (completed === INVALID) {
        assign(output, field, null);
        return false;
      }
      assign(output, field, completed === NULL_WITH_ERRORS ? null : completed);
    }
    return true;
  }

  private complete(type: TypeDesc, input: unknown, field: FieldPlan): Completed {
    switch (type.kind) {
      case NON_NULL: {
        const inner = this.complete(type.of!, input, field);
        if (inner === null) {
          this.errors.push(
            invalidGraphql(
              `Cannot return null for non-nullable ${describeLast(this.path, type.of!, field.parentType)}.`,
              this.path,
            ),
          );
          return INVALID;
        }
        return inner === NULL_WITH_ERRORS ? INVALID : inner;
      }
      case LIST: {
        if (input === null) return null;
        if (!Array.isArray(input)) {
          throw new Error(
            `Invalid non-list value ${String(input)} returned by subgraph for list type ${type.printed}`,
          );
        }
        const list = new Array<unknown>(input.length);
        let nullify = false;
        for (let index = 0; index < input.length; index++) {
          this.path.push(index);
          const element = this.complete(type.of!, input[index] ?? null, field);
          this.path.pop();
          if (element === INVALID) {
            nullify = true;
            list[index] = null;
          } else list[index] = element === NULL_WITH_ERRORS ? null : element;
        }
        return nullify ? NULL_WITH_ERRORS : list;
      }
      case COMPOSITE: {
        if (input === null) return null;
        if (typeof input !== 'object') {
          throw new Error(
            `Invalid non-object value ${String(input)} returned by subgraph for composite type ${type.printed}`,
          );
        }
        const object = input as Output;
        const typename = own(object, '__typename');
        let runtimeType: GraphQLCompositeType = type.composite!;
        if (typename !== undefined) {
          if (typeof typename !== 'string') {
            throw new Error(`Invalid non-string value for __typename at ${this.path.join('.')}`);
          }
          const found = typename ? this.schema.getType(typename) : runtimeType;
          if (!found || !isCompositeType(found)) {
            this.errors.push(
              invalidGraphql(
                `Invalid __typename found for object at ${describeLast(this.path, type, field.parentType)}.`,
                this.path,
              ),
            );
            return NULL_WITH_ERRORS;
          }
          runtimeType = found;
        }
        const fields = typename
          ? field.selections!.fieldsFor(typename as string, runtimeType)
          : field.selections!.fieldsFor('', null);
        const output: Output = {};
        return this.apply(object, fields, output) ? output : NULL_WITH_ERRORS;
      }
      default:
        if (input === null) return null;
        if (type.valid!(input)) return input;
        this.errors.push(
          invalidGraphql(
            `Invalid value found for ${describeLast(this.path, type, field.parentType)}.`,
            this.path,
          ),
        );
        return NULL_WITH_ERRORS;
    }
  }
}

/** Compiled result shaping of one operation (lazily per `@skip`/`@include` variable values and runtime type). */
export class CompiledShape {
  private readonly conditionVariables: string[];
  private readonly roots = new Map<string, { fields: FieldPlan[] }>();
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly rootType: GraphQLCompositeType;
  /** Whether the operation selects `__schema`/`__type` (answered by Apollo's executor instead). */
  readonly introspects: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly operation: OperationDefinitionNode,
    fragments: readonly FragmentDefinitionNode[],
  ) {
    this.fragments = new Map(fragments.map((fragment) => [fragment.name.value, fragment]));
    const rootType = schema.getRootType(operation.operation);
    if (!rootType) throw new Error(`The schema has no ${operation.operation} type`);
    this.rootType = rootType;
    const conditionVariables = new Set<string>();
    let introspects = false;
    const scan = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        for (const directive of selection.directives ?? []) {
          for (const argument of directive.arguments ?? []) {
            if (
              (directive.name.value === 'skip' || directive.name.value === 'include') &&
              argument.value.kind === Kind.VARIABLE
            ) {
              conditionVariables.add(argument.value.name.value);
            }
          }
        }
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value === '__schema' || selection.name.value === '__type') introspects = true;
          if (selection.selectionSet) scan(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) scan(selection.selectionSet);
      }
    };
    scan(operation.selectionSet);
    for (const fragment of fragments) scan(fragment.selectionSet);
    this.conditionVariables = [...conditionVariables];
    this.introspects = introspects;
  }

  /** `variables` must include the operation's defaults (as computeResponse's do). */
  shape(input: Output, variables: Record<string, unknown>): Shaped {
    const key = conditionKey(this.conditionVariables, variables);
    let root = this.roots.get(key);
    if (!root) {
      const compiler = new ShapeCompiler(this.schema, this.fragments, variables);
      root = { fields: compiler.collect([this.operation.selectionSet], null, this.rootType) };
      this.roots.set(key, root);
    }
    const shaping = new Shaping(this.schema);
    const data: Output = {};
    const ok = shaping.apply(input, root.fields, data);
    return { data: ok ? data : null, errors: shaping.errors };
  }
}
