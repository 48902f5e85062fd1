import { defineConfig } from 'vitest/config'

// One root run over every package: `pnpm test`. Packages resolve each other through their
// built `dist` (turbo builds first), exactly as an integrator's install would.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
  },
})
