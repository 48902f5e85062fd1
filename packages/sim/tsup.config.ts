import type { Plugin } from 'esbuild'
import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/** Swaps `./prices-file.js` (Node's fs) for `prices-file.browser.ts` in the browser build. */
const browserFiles: Plugin = {
  name: 'rebalancer-browser-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/prices-file\.js$/ }, (args) => ({
      path: `${args.resolveDir}/prices-file.browser.ts`,
    }))
  },
}

/**
 * Three entry points: `.` (the simulator), `./charts` (the report's chart builders: plain data, no
 * Node built-ins, for a browser page) and `./report-html` (the self-contained HTML report, which
 * reads Chart.js's browser build from node_modules). ESM splits the shared modules into chunks;
 * CJS inlines them. No shims: tsup's ESM shim imports `path` and `url` into every chunk, which a
 * browser bundle of `./charts` cannot resolve; the CJS build finds its folder through `__dirname`
 * / `__filename` instead of `import.meta.url` (prices.ts, report-html.ts).
 *
 * A second build makes `dist/browser.js`: the same `.` entry with the file reading module
 * (`prices-file.ts`) swapped for one that has no Node built-ins; package.json gives it to bundlers
 * under the `browser` condition of `.` (the demo site's Vite build picks it). Its types are
 * `index.d.ts`'s.
 */
export default defineConfig([
  {
    ...base,
    entry: ['src/index.ts', 'src/charts.ts', 'src/report-html.ts'],
    shims: false,
    // the browser build below writes dist/browser.js at the same time: keep it
    clean: ['!browser.js', '!browser.js.map'],
    // the CJS build's empty import.meta is expected: it falls back to __dirname / __filename
    esbuildOptions(options) {
      options.logOverride = { ...options.logOverride, 'empty-import-meta': 'silent' }
    },
  },
  {
    ...base,
    entry: { browser: 'src/index.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    shims: false,
    platform: 'browser',
    target: 'es2022',
    // one file (a dynamic import would otherwise add chunk files next to the Node build's)
    splitting: false,
    esbuildPlugins: [browserFiles],
  },
])
