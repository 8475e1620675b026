import { builtinModules } from 'node:module'
import { defineConfig } from 'vite'

/**
 * The API server and its operator commands built to plain JavaScript for production (issue #17):
 * `npm start` runs `node dist-server/main.js`, with no TypeScript loader at run time. Packages in
 * node_modules stay outside the bundle (Vite's SSR build externalises them); our own code, the
 * shared domain modules and the locale JSON are bundled. The demo stand-ins in mock/ become a
 * separate chunk that is loaded only when the demo is asked for.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist-server',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: {
        main: 'server/main.ts',
        backup: 'scripts/backup.ts',
        restore: 'scripts/restore.ts',
        keys: 'scripts/keys.ts',
      },
      external: [...builtinModules, ...builtinModules.map(m => `node:${m}`)],
      output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
  ssr: { target: 'node' },
})
