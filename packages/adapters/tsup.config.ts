import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/**
 * Two entry points: `.` (JSON builders, wrappers, queries, the cycle) and `./cosmjs` (everything
 * that loads cosmjs's protobuf code). ESM splits the shared modules into chunks; CJS inlines them.
 */
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/cosmjs.ts'] })
