// The layering rules, checked by `nx run replenish:lint` (part of `npm test`); decision 0005 explains them.
// Paths are relative to the repository root; TypeScript's `.js` import suffixes resolve to the `.ts` sources.

// Folders of an app that are not features: shared code, migrations, benches, demo data (decision 0008).
const NOT_FEATURES = '(?:shared|migrations|bench|demo)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle ties modules (and, with the feature rule, features) together: none of them can change alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-features',
      severity: 'error',
      scope: 'folder',
      comment: 'Features of an app depend on each other one way: the lower one can change without the higher one.',
      from: { path: '^apps/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Libraries serve the services; a library that imports a service turns the dependency around.',
      from: { path: '^libs/' },
      to: { path: '^(apps|e2e)/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'libs/domain holds the replenishment formulas: no framework, database, broker or I/O. decimal.js for quantities; ' +
        'fast-check and the golden cases (read from files) only in its tests, test kits and benches (which measure time and memory).',
      from: { path: '^libs/domain/', pathNot: ['\\.spec\\.ts$', '^libs/domain/src/testing/', '^libs/domain/src/[^/]+/testing/', '^libs/domain/src/bench/'] },
      to: { dependencyTypesNot: ['local', 'type-only'], pathNot: '^node_modules/decimal\\.js/' },
    },
    {
      name: 'domain-imports-no-project',
      severity: 'error',
      comment: 'libs/domain depends on no other library or service of the repository.',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|libs|tools)/', pathNot: '^libs/domain/' },
    },
    {
      name: 'features-through-public-files',
      severity: 'error',
      comment:
        "A feature (a folder under apps/<app>/src) uses another feature only through that feature's index.ts, " +
        'its public file; data-access, entry-points and the use cases behind it stay private.',
      from: { path: `^apps/([^/]+)/src/(?!${NOT_FEATURES}/)([^/]+)/` },
      to: {
        path: '^apps/$1/src/[^/]+/',
        pathNot: ['^apps/$1/src/$2/', `^apps/$1/src/${NOT_FEATURES}/`, '^apps/$1/src/[^/]+/index\\.ts$'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
