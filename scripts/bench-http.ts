import { writeFileSync } from 'node:fs'
import http from 'node:http'
import { Session } from 'node:inspector/promises'
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
  /** requests answered */
  sent: number
}

export interface LoadRequest {
  method?: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  /** the next request's body (JSON text), called once per request */
  body?: () => string
  /** the status every answer must have; 200 unless said */
  status?: number
}

export async function load(port: number, request: LoadRequest, options: { connections: number, seconds: number }): Promise<LoadResult> {
  const { method = 'GET', path, headers = {}, body: nextBody, status = 200 } = request
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections })
  const ms: number[] = []
  const until = performance.now() + options.seconds * 1000
  const one = () => new Promise<void>((resolve, reject) => {
    const body = nextBody?.()
    const t0 = performance.now()
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method,
      agent,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        if (res.statusCode !== status)
          return reject(new Error(`${method} ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`))
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
  return { rps: ms.length / seconds, p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]!, cpuMs: (used.user + used.system) / 1000 / ms.length, sent: ms.length }
}

/** Bodies sent in turn, one per request. */
export function inTurn(bodies: readonly string[]): () => string {
  let next = 0
  return () => bodies[next++ % bodies.length]!
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
}

/**
 * BENCH_CPU_PROFILE=<dir>: a .cpuprofile of what runs until the returned function is called,
 * written as `<dir>/<prefix>-<name>.cpuprofile`; nothing without it.
 */
export async function cpuProfiler(prefix: string): Promise<(name: string) => Promise<void>> {
  const dir = process.env.BENCH_CPU_PROFILE
  if (!dir)
    return async () => {}
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async (name) => {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(`${dir}/${prefix}-${name}.cpuprofile`, JSON.stringify(profile))
    session.disconnect()
  }
}
