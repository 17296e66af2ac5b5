// @ts-check
// The dashboard's bundle: Preact (JSX through Vite's own transformer, no Babel) and Chart.js.
// `npm run build` type-checks it (./tsconfig.json) and writes it to dist/dashboard, which the
// ledger serves at `/`. For development, `npm run dashboard:dev` serves it with hot reload and
// forwards the API's paths to a ledger on http://127.0.0.1:3000 (LEDGER_URL to aim elsewhere).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const API_PATHS =
  '^/(agreements|claims|discrepancies|sources|offers|subscriptions|health|schemas|asyncapi\\.json)';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      [API_PATHS]: {
        target: process.env.LEDGER_URL || 'http://127.0.0.1:3000',
        changeOrigin: true,
      },
    },
  },
});
