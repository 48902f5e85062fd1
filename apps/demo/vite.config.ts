import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/**
 * The demo site: a static build in `dist` (`pnpm demo:build`), relative asset paths so it can be
 * served from any folder. The simulator runs in a module Web Worker (its own chunk); the price
 * history is a hashed static asset the worker fetches.
 */
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
})
