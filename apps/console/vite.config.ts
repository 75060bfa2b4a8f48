import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The front end is served by the console's own server (src/console-server.ts), which also answers /api/...
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
