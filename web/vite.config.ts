// Builds the Plan & Billing page into web/dist, which the Billfold server serves.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/api': 'http://127.0.0.1:3000' } },
});
