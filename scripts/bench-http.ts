import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'

/**
 * The HTTP load of the API benchmarks: `connections` keep-alive connections sending requests
 * back to back for `seconds`, over real HTTP on 127.0.0.1, from a load client in its own process
 * (scripts/bench-load-client.ts), as autocannon would: the server's CPU is measured alone.
 */
export interface LoadResult {
  rps: number
  p50: number
  p95: number
  /** this process's CPU time per request: the server's (and the bare route's), not the client's */
  cpuMs: number
  /** requests answered */
  sent: number
}

/**
 * What each request sends: these bodies in turn, or a template whose `{{uuid}}` is a new uuid and
 * whose `{{instant}}` is an ISO time 1 ms later each request, from `instantFrom`.
 */
export type LoadBody = { inTurn: readonly string[] } | { template: string, instantFrom: number }

export interface LoadRequest {
  method?: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: LoadBody
  /** the status every answer must have; 200 unless said */
  status?: number
}

const LOAD_CLIENT = fileURLToPath(new URL('./bench-load-client.ts', import.meta.url))

export async function load(port: number, request: LoadRequest, options: { connections: number, seconds: number }): Promise<LoadResult> {
  const { method = 'GET', path, headers = {}, body, status = 200 } = request
  const client = fork(LOAD_CLIENT, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  type Message = { ready: true } | { result: Omit<LoadResult, 'cpuMs'> } | { error: string }
  const messages: Message[] = []
  const waiters: ((m: Message) => void)[] = []
  client.on('message', (m: Message) => waiters.length ? waiters.shift()!(m) : messages.push(m))
  const next = () => new Promise<Message>((resolve, reject) => {
    if (messages.length)
      return resolve(messages.shift()!)
    waiters.push(resolve)
    client.once('exit', code => reject(new Error(`the load client exited (${code})`)))
  })
  await next() // ready: its start-up is not measured
  const cpu = process.cpuUsage()
  client.send({ port, method, path, headers, body, status, ...options })
  const answer = await next()
  const used = process.cpuUsage(cpu)
  if ('error' in answer)
    throw new Error(answer.error)
  if (!('result' in answer))
    throw new Error('the load client answered out of turn')
  return { ...answer.result, cpuMs: (used.user + used.system) / 1000 / answer.result.sent }
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
