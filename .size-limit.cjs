// Bundle budgets (issue #10, "Packaging for the browser and for DAO UIs"), checked by `pnpm size`
// and in CI (.ci/run). Each entry bundles the named import from the built dist with esbuild for the
// browser, minified, and measures it gzipped.
module.exports = [
  {
    name: 'DAO UI: accountMsgs, daoPropose, polytoneExecute from @rebalancer/adapters',
    path: 'packages/adapters/dist/index.js',
    import: '{ accountMsgs, daoPropose, polytoneExecute }',
    limit: '150 kB',
    gzip: true,
  },
  {
    name: 'computeRebalance from @rebalancer/core',
    path: 'packages/core/dist/index.js',
    import: '{ computeRebalance }',
    limit: '100 kB',
    gzip: true,
  },
]
