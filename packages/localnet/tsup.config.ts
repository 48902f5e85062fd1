import { defineConfig } from 'tsup'
import base from '../../tsup.base'

/** Three entry points: `.` (the chain), `./testing` (the example world shared by tests and demos) and `./rpc` (Node only: the chain over CometBFT JSON-RPC). */
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/testing.ts', 'src/rpc/index.ts'] })
