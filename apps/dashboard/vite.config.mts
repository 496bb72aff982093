// The dashboard: built to dist/apps/dashboard and served by every gateway under /app/.
// Workspace libs are bundled from source (only browser-safe ones: api-schemas, strategies).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = resolve(import.meta.dirname, '../..');
const lib = (name: string) => resolve(root, 'libs', name, 'src', 'index.ts');

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  plugins: [react()],
  resolve: {
    alias: {
      '@platform/api-schemas': lib('api-schemas'),
      '@platform/strategies': lib('strategies'),
      '@platform/contracts': lib('contracts'),
    },
  },
  build: {
    outDir: resolve(root, 'dist/apps/dashboard'),
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `vite` in apps/dashboard for hot reload against a gateway on :3000
    proxy: Object.fromEntries(
      [
        '/auth',
        '/bots',
        '/portfolio',
        '/live',
        '/exchange-accounts',
        '/market',
        '/cluster',
        '/admin',
        '/strategies',
      ].map((path) => [path, 'http://127.0.0.1:3000']),
    ),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
