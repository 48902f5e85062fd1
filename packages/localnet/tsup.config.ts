import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/** Two entry points: `.` (the chain) and `./testing` (the example world shared by tests and demos). */
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/testing.ts'] })
