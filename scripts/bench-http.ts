import http from 'node:http'
import { performance } from 'node:perf_hooks'

/**
 * The HTTP load of the API benchmarks: `connections` keep-alive connections sending requests
 * back to back for `seconds`, over real HTTP on 127.0.0.1 in this process (the client's CPU
 * counts in `cpuMs`, as it does for the bare route it is compared with).
 */
export interface LoadResult {
  rps: number
  p50: number
  p95: number
  /** the process's CPU time per request, client included */
  cpuMs: number
}

export interface LoadRequest {
  method?: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  /** request bodies, sent in turn (JSON text) */
  bodies?: readonly string[]
}

export async function load(port: number, request: LoadRequest, options: { connections: number, seconds: number }): Promise<LoadResult> {
  const { method = 'GET', path, headers = {}, bodies } = request
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const ms: number[] = []
  let next = 0
  const until = performance.now() + options.seconds * 1000
  const one = () => new Promise<void>((resolve, reject) => {
    const body = bodies ? bodies[next++ % bodies.length] : undefined
    const t0 = performance.now()
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method,
      agent,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      if (res.statusCode !== 200)
        reject(new Error(`${method} ${path}: ${res.statusCode}`))
      res.resume()
      res.on('end', () => {
        ms.push(performance.now() - t0)
        resolve()
      })
    })
    req.on('error', reject)
    req.end(body)
  })
  const start = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: options.connections }, async () => {
    while (performance.now() < until)
      await one()
  }))
  const seconds = (performance.now() - start) / 1000
  const used = process.cpuUsage(cpu)
  agent.destroy()
  ms.sort((a, b) => a - b)
  return { rps: ms.length / seconds, p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]!, cpuMs: (used.user + used.system) / 1000 / ms.length }
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
}
