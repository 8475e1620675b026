import type { FastifyInstance } from 'fastify'
import type { TLSSocket } from 'node:tls'
import type { TlsFiles } from './config'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Server as TlsServer } from 'node:tls'

/** A certificate (leaf first, then its chain) and its private key, PEM, as the TLS server takes them. */
export interface TlsCredentials {
  cert: Buffer
  key: Buffer
}

/**
 * Reads and checks the certificate and key files: a start (or a SIGHUP after renewal) with an
 * unreadable file, a file that is not PEM, or a key that does not belong to the certificate stops
 * with a sentence naming the file, instead of a server that fails every handshake.
 */
export function readTlsCredentials({ certFile, keyFile }: TlsFiles): TlsCredentials {
  const cert = readPem(certFile, 'TLS_CERT_FILE')
  const key = readPem(keyFile, 'TLS_KEY_FILE')
  let leaf: X509Certificate
  try {
    leaf = new X509Certificate(cert)
  }
  catch {
    throw new Error(`TLS_CERT_FILE (${certFile}) holds no PEM certificate`)
  }
  let privateKey: ReturnType<typeof createPrivateKey>
  try {
    privateKey = createPrivateKey(key)
  }
  catch {
    throw new Error(`TLS_KEY_FILE (${keyFile}) holds no PEM private key (or it is encrypted: give the server an unencrypted key file only it can read)`)
  }
  if (!leaf.checkPrivateKey(privateKey))
    throw new Error(`TLS_KEY_FILE (${keyFile}) is not the key of the certificate in TLS_CERT_FILE (${certFile})`)
  return { cert, key }
}

function readPem(file: string, variable: string): Buffer {
  try {
    return readFileSync(file)
  }
  catch (error) {
    throw new Error(`${variable} (${file}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
}

/** Swaps the certificate of a running HTTPS server (HTTP/2's secure server is a TLS server): new connections get it. */
export function useTlsCredentials(server: unknown, credentials: TlsCredentials): void {
  if (!(server instanceof TlsServer))
    throw new Error('this server does not serve HTTPS (TLS_CERT_FILE and TLS_KEY_FILE were not set at start)')
  server.setSecureContext(credentials)
}

/** How long a connection may finish what it is answering once the server is closing. */
const CLOSE_GRACE_MS = 1_000

/**
 * Shutdown does not wait for browsers. Fastify tells each HTTP/2 connection to go away and then
 * waits for the browser to hang up, which a phone with the app open (or anyone holding
 * connections on purpose) may never do; even a session ended on our side leaves its TLS socket
 * open. So every TLS connection (HTTP/2 or HTTP/1.1) gets a moment to finish its answers and is
 * then cut, as plain HTTP's keep-alive connections are (forceCloseConnections).
 */
export function endConnectionsOnClose(app: FastifyInstance): void {
  const sockets = new Set<TLSSocket>()
  app.server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  app.addHook('preClose', async () => {
    for (const socket of sockets)
      setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref()
  })
}
