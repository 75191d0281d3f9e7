// Builds the workbench UI into web/dist, which `threadline serve` serves. In development
// (`npx vite web`), API calls are proxied to a running `threadline serve` on port 7474.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // no inline scripts or styles: the server's Content-Security-Policy allows only 'self'
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:7474' } },
});
