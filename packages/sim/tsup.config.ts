import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/**
 * Three entry points: `.` (the simulator), `./charts` (the report's chart builders: plain data, no
 * Node built-ins, for a browser page) and `./report-html` (the self-contained HTML report, which
 * reads Chart.js's browser build from node_modules). ESM splits the shared modules into chunks;
 * CJS inlines them. No shims: tsup's ESM shim imports `path` and `url` into every chunk, which a
 * browser bundle of `./charts` cannot resolve; the CJS build finds its folder through `__dirname`
 * / `__filename` instead of `import.meta.url` (prices.ts, report-html.ts).
 */
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/charts.ts', 'src/report-html.ts'],
  shims: false,
  // the CJS build's empty import.meta is expected: it falls back to __dirname / __filename
  esbuildOptions(options) {
    options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' }
  },
})
