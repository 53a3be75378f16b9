/**
 * The layer rules `npm test` checks (`npm run lint:layers`): imports under src/ run one way only,
 *
 *   cli → config.ts → server | report → analyze → engine | aws | demo → ingest
 *       → store | aws-client | catalogue → cur-columns → lib (+ errors.ts)
 *
 * A module may import its own layer and any layer to its right; never one to its left, never a
 * peer on the same rung (server ↔ report, engine ↔ aws, store ↔ aws-client), and never in a cycle.
 * There are no exceptions: a file that does not belong to a layer below is itself an error.
 * README.md ("Layers") draws the same picture; keep the two in step.
 */

/** Lowest rung first. `paths` are regular expressions on the path from the repository root. */
const LAYERS = [
  { rung: 0, name: 'lib', paths: ['^src/lib/', '^src/errors\\.ts$'] },
  { rung: 1, name: 'cur-columns', paths: ['^src/cur-columns/'] },
  { rung: 2, name: 'store', paths: ['^src/store/'] },
  { rung: 2, name: 'aws-client', paths: ['^src/aws-client/'] },
  { rung: 2, name: 'catalogue', paths: ['^src/catalogue/'] },
  { rung: 3, name: 'ingest', paths: ['^src/ingest/'] },
  { rung: 4, name: 'engine', paths: ['^src/engine/'] },
  { rung: 4, name: 'aws', paths: ['^src/aws/'] },
  { rung: 4, name: 'demo', paths: ['^src/demo/'] },
  { rung: 5, name: 'analyze', paths: ['^src/analyze/'] },
  { rung: 6, name: 'server', paths: ['^src/server/'] },
  { rung: 6, name: 'report', paths: ['^src/report/'] },
  { rung: 7, name: 'config', paths: ['^src/config\\.ts$'] },
  { rung: 8, name: 'cli', paths: ['^src/cli/'] },
];

const ALL_LAYER_PATHS = LAYERS.flatMap((layer) => layer.paths);

/**
 * Feature folders: a folder under a layer that holds an `index.ts` (src/aws/cost-explorer/, …), or
 * one level deeper under a grouping folder without one (src/server/features/attribution/, …), is
 * one concept; from outside it, only its index.ts may be imported, so its other files can change freely.
 */
const { existsSync, readdirSync } = require('node:fs');
const subfolders = (folder) => readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${folder}${d.name}/`);
const FEATURE_FOLDERS = subfolders('src/').flatMap(subfolders)
  .flatMap((folder) => (existsSync(`${folder}index.ts`) ? [folder] : subfolders(folder).filter((inner) => existsSync(`${inner}index.ts`))));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const featureRules = FEATURE_FOLDERS.map((folder) => ({
  name: `feature-${folder.slice(4, -1).replaceAll('/', '-')}`,
  severity: 'error',
  comment: `${folder} is a feature folder: import it through ${folder}index.ts`,
  from: { pathNot: `^${escape(folder)}` },
  to: { path: `^${escape(folder)}`, pathNot: `^${escape(folder)}index\\.ts$` },
}));

/** One rule per layer: from it, no import of a src/ module outside itself and the rungs below. */
const layerRules = LAYERS.map((layer) => {
  const below = LAYERS.filter((other) => other.rung < layer.rung);
  const allowed = [...layer.paths, ...below.flatMap((other) => other.paths)];
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment: `${layer.name} may import only ${[layer.name, ...below.map((other) => other.name)].join(', ')} (see .dependency-cruiser.cjs and README "Layers")`,
    from: { path: layer.paths },
    to: { path: '^src/', pathNot: allowed },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    ...featureRules,
    {
      name: 'no-unlayered-module',
      severity: 'error',
      comment: 'every module under src/ belongs to a layer; add new top-level folders to LAYERS in .dependency-cruiser.cjs',
      from: { path: '^src/', pathNot: ALL_LAYER_PATHS },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules that import each other, directly or through others, cannot be layered',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'an import that does not resolve to a file or an installed package',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports couple layers as much as value imports do.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages are leaves: reading node_modules would take most of a minute and add nothing.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|tests|bench)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
