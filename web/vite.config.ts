// Builds the Plan & Billing page into web/dist, which the Billfold server serves, with compressed copies beside.
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompressAssets } from './build/precompress-assets.ts';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompressAssets(join(import.meta.dirname, 'dist'))],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    // Everything the page calls or links to that the Billfold server answers: the API, sign-in, the sandbox card
    // processor (tokenization, 3-D Secure confirmation) and hosted invoice pages.
    proxy: Object.fromEntries(['/v1', '/api', '/sandbox', '/invoices'].map((path) => [path, 'http://127.0.0.1:3000'])),
  },
});
