/**
 * Analysis apps as products serve them (`<product>Product.apps`, see docs/ANALYSES.md), and what a UI needs to
 * run any of them from metadata alone: the entry field's argument types (introspected), form fields with
 * defaults, validation with a message per field, the GraphQL operation of a run, and links that re-open a
 * run. Pure (no I/O, no React), so the server pages, the client forms and unit tests share it.
 *
 * The modules live beside the app runner, split by concern; import them from here.
 */
export * from '../components/app-runner/model/metadata';
export * from '../components/app-runner/model/form';
export * from '../components/app-runner/model/run';
export * from '../components/app-runner/model/results';
export * from '../components/app-runner/model/links';
