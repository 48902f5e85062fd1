import { defineConfig } from 'tsup'

/** The one build of every library package: ESM + CJS + .d.ts from src/index.ts, for Node 20. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // sim resolves its shipped data with import.meta.url; the shim gives CJS builds the same URL
  shims: true,
})
