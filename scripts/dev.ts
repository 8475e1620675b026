/**
 * `npm run dev`: the API (restarting on change) on API_PORT and Vite with HMR in front of it,
 * proxying /api. Open the URL Vite prints.
 */
import { spawn } from 'node:child_process'

const API_PORT = process.env.API_PORT ?? '8081'
const VITE_URL = 'http://localhost:5173'
const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts', '--demo'], {
    stdio: 'inherit',
    // No static files in dev: Vite serves the PWA, so QR codes point to Vite (its default port;
    // set PUBLIC_URL to the LAN address to scan them with a phone).
    env: { ...process.env, PORT: API_PORT, HOST: '127.0.0.1', STATIC_DIR: '', PUBLIC_URL: process.env.PUBLIC_URL ?? VITE_URL },
  }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--host'], { stdio: 'inherit', env: { ...process.env, API_PORT } }),
]

function stop() {
  for (const child of children)
    child.kill('SIGTERM')
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
for (const child of children)
  child.on('exit', code => code && stop())
