import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin dashboard: built into dist/admin-ui and served by Veil itself at /admin (no CDN, works offline).
export default defineConfig({
  root: fileURLToPath(new URL('./src/admin/ui', import.meta.url)),
  base: '/admin/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/admin-ui', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
