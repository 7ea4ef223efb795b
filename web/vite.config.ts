/** Builds the dashboard into web/dist, which the server serves at `/`. Nothing is loaded from elsewhere. */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing as data: URLs, so the CSP can stay strict (no data: scripts or styles).
    assetsInlineLimit: 0,
    // Vite's module-preload polyfill is an inline script; modern Chromium, Firefox and Safari need none.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { port: 3130, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
