import type { LoadBody, LoadResult } from './bench-http'
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { performance } from 'node:perf_hooks'

// The load client of the API benchmarks, in its own process (scripts/bench-http.ts forks it), as
// autocannon runs beside a server: its CPU is not the server's, and the two use both cores.
// It takes one { port, request, options } message, sends the load, answers with its LoadResult.

interface Job {
  port: number
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: LoadBody
  status: number
  connections: number
  seconds: number
}

/** The next request's body: bodies in turn, or the template with a fresh uuid and a later instant. */
function bodies(body: LoadBody | undefined): () => string | undefined {
  if (!body)
    return () => undefined
  let next = 0
  if ('inTurn' in body)
    return () => body.inTurn[next++ % body.inTurn.length]
  return () => body.template.replaceAll('{{uuid}}', randomUUID()).replaceAll('{{instant}}', new Date(body.instantFrom + next++).toISOString())
}

async function run(job: Job): Promise<Omit<LoadResult, 'cpuMs'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections })
  const nextBody = bodies(job.body)
  const ms: number[] = []
  const until = performance.now() + job.seconds * 1000
  const one = () => new Promise<void>((resolve, reject) => {
    const body = nextBody()
    const t0 = performance.now()
    const req = http.request({
      host: '127.0.0.1',
      port: job.port,
      path: job.path,
      method: job.method,
      agent,
      headers: body === undefined ? job.headers : { ...job.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        if (res.statusCode !== job.status)
          return reject(new Error(`${job.method} ${job.path}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`))
        ms.push(performance.now() - t0)
        resolve()
      })
    })
    req.on('error', reject)
    req.end(body)
  })
  const start = performance.now()
  await Promise.all(Array.from({ length: job.connections }, async () => {
    while (performance.now() < until)
      await one()
  }))
  const seconds = (performance.now() - start) / 1000
  agent.destroy()
  ms.sort((a, b) => a - b)
  return { rps: ms.length / seconds, p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]!, sent: ms.length }
}

process.once('message', (job: Job) => {
  run(job).then(
    result => process.send!({ result }, () => process.exit(0)),
    (error: Error) => process.send!({ error: error.message }, () => process.exit(1)),
  )
})
process.send!({ ready: true })
