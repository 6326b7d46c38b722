import { GraphQLError } from 'graphql';
import { getProductSchema } from '@/lib/registry';
import { fieldAnchor, safeHttpUrl, typeAnchor } from './catalog-text';
import { OpenTargetDetails } from './open-target-details';
import { RegistryProblem } from './registry-problem';
import {
  describeSchema,
  memberSummary,
  type SchemaField,
  type SchemaType,
  type TypeReference,
} from './schema-model';
import styles from './product.module.css';

/** `[Patient!]!` with `Patient` linked to its documentation on this page, when it is documented here. */
function TypeRef({ type, documented }: { type: TypeReference; documented: ReadonlySet<string> }) {
  if (!documented.has(type.named)) return <>{type.text}</>;
  const at = type.text.indexOf(type.named);
  return (
    <>
      {type.text.slice(0, at)}
      <a href={`#${typeAnchor(type.named)}`}>{type.named}</a>
      {type.text.slice(at + type.named.length)}
    </>
  );
}

function scopesText(scopes: string[][]): string {
  return scopes.map((all) => all.join(' + ')).join(' or ');
}

function FieldItem({
  owner,
  field,
  documented,
}: {
  owner: string;
  field: SchemaField;
  documented: ReadonlySet<string>;
}) {
  // Defaults already show in the signature: list the arguments only when they have something to explain.
  const describedArgs = field.args.filter((arg) => arg.description);
  return (
    <li id={fieldAnchor(owner, field.name)}>
      <code className={styles.signature}>
        <span className={styles.fieldName}>{field.name}</span>
        {field.args.length > 0 ? (
          <>
            (
            {field.args.map((arg, index) => (
              <span key={arg.name}>
                {index > 0 ? ', ' : null}
                {arg.name}: <TypeRef type={arg.type} documented={documented} />
                {arg.defaultValue ? ` = ${arg.defaultValue}` : null}
              </span>
            ))}
            )
          </>
        ) : null}
        : <TypeRef type={field.type} documented={documented} />
      </code>
      {field.requiredScopes.length > 0 ? (
        <span className={styles.flag}>needs {scopesText(field.requiredScopes)}</span>
      ) : null}
      {field.deprecation ? (
        <span className={styles.flag} data-flag="deprecated">
          deprecated: {field.deprecation}
        </span>
      ) : null}
      {field.description ? <p className={styles.fieldDescription}>{field.description}</p> : null}
      {describedArgs.length > 0 ? (
        <ul className={styles.argList} aria-label={`Arguments of ${owner}.${field.name}`}>
          {describedArgs.map((arg) => (
            <li key={arg.name}>
              <code>{arg.name}</code>
              {arg.description ? `: ${arg.description}` : null}
              {arg.defaultValue ? (
                <span className="muted">
                  {' '}
                  (default <code>{arg.defaultValue}</code>)
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function TypeDetails({ type, documented }: { type: SchemaType; documented: ReadonlySet<string> }) {
  return (
    <details id={typeAnchor(type.name)} className={styles.type} open={type.name === 'Query'}>
      <summary>
        <span className={styles.typeName}>{type.name}</span>
        <span className={styles.typeKind}>{type.kind}</span>
        <span className={styles.typeCount}>{memberSummary(type)}</span>
      </summary>
      <div className={styles.typeBody}>
        {type.description ? <p>{type.description}</p> : null}
        {type.keys.length > 0 ? (
          <p className="muted">
            Entity, keyed by{' '}
            {type.keys.map((key, index) => (
              <span key={key}>
                {index > 0 ? ' or ' : null}
                <code>{key}</code>
              </span>
            ))}
            : other products can add fields to it, and the gateway joins them.
          </p>
        ) : null}
        {type.interfaces.length > 0 ? (
          <p className="muted">
            Implements{' '}
            {type.interfaces.map((name) => (
              <code key={name}>{name} </code>
            ))}
          </p>
        ) : null}
        {type.requiredScopes.length > 0 ? (
          <p className="muted">Readable with {scopesText(type.requiredScopes)} only.</p>
        ) : null}
        {type.fields.length > 0 ? (
          <ul className={styles.fieldList} aria-label={`Fields of ${type.name}`}>
            {type.fields.map((field) => (
              <FieldItem key={field.name} owner={type.name} field={field} documented={documented} />
            ))}
          </ul>
        ) : null}
        {type.values.length > 0 ? (
          <ul className={styles.fieldList} aria-label={`Values of ${type.name}`}>
            {type.values.map((value) => (
              <li key={value.name} id={fieldAnchor(type.name, value.name)}>
                <code className={`${styles.signature} ${styles.fieldName}`}>{value.name}</code>
                {value.deprecation ? (
                  <span className={styles.flag} data-flag="deprecated">
                    deprecated: {value.deprecation}
                  </span>
                ) : null}
                {value.description ? <p className={styles.fieldDescription}>{value.description}</p> : null}
              </li>
            ))}
          </ul>
        ) : null}
        {type.members.length > 0 ? (
          <p>
            One of{' '}
            {type.members.map((member, index) => (
              <span key={member}>
                {index > 0 ? ', ' : null}
                <code>
                  <TypeRef type={{ text: member, named: member }} documented={documented} />
                </code>
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </details>
  );
}

/**
 * The product's schema as documentation: the SDL its current version was published with, from the
 * registry's public `…/versions/<version>/schema.graphql`, one collapsible entry per type.
 */
export async function SchemaDocs({
  name,
  version,
  identifier,
}: {
  name: string;
  version: string;
  /** The product's persistent identifier: the SDL is published beside it. */
  identifier: string;
}) {
  const result = await getProductSchema(name, version);
  if (result.status !== 'ok') {
    return <RegistryProblem failure={result} title="The schema could not be loaded." />;
  }
  if (result.data === null) {
    return <p className="muted">The registry holds no schema for version {version}.</p>;
  }
  let types: SchemaType[];
  try {
    types = describeSchema(result.data);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return (
      <div className="notice notice--error" role="alert">
        <p className="notice__title">The published schema does not parse.</p>
        <p>{error.message}</p>
      </div>
    );
  }
  const documented = new Set(types.map((type) => type.name));
  const sdlUrl = safeHttpUrl(`${identifier}/versions/${encodeURIComponent(version)}/schema.graphql`);
  return (
    <>
      <OpenTargetDetails />
      <p>
        {types.length} types in version {version}. Queries start at the fields of <code>Query</code>.
        {sdlUrl ? (
          <>
            {' '}
            The SDL itself: <a href={sdlUrl}>schema.graphql</a>.
          </>
        ) : null}
      </p>
      <div className={styles.schemaList} data-testid="schema-docs">
        {types.map((type) => (
          <TypeDetails key={type.name} type={type} documented={documented} />
        ))}
      </div>
    </>
  );
}
