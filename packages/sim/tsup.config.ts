import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/**
 * Three entry points: `.` (the simulator), `./charts` (the report's chart builders: plain data, no
 * Node built-ins, for a browser page) and `./report-html` (the self-contained HTML report, which
 * reads Chart.js's browser build from node_modules). ESM splits the shared modules into chunks;
 * CJS inlines them.
 */
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/charts.ts', 'src/report-html.ts'] })
