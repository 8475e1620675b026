import { execFileSync } from 'node:child_process'
import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A throw-away certificate for 127.0.0.1, what a test or benchmark serves HTTPS with. */
export interface TestCertificate {
  certFile: string
  keyFile: string
  /**
   * base64 SHA-256 of its public key: Chromium's --ignore-certificate-errors-spki-list trusts
   * exactly this key, so the page counts as securely served (service worker, Lighthouse's HTTPS audit).
   */
  spkiSha256: string
}

/** A self-signed P-256 certificate for 127.0.0.1 and localhost in `dir`, made by the openssl command (Debian's openssl package). */
export function makeTestCertificate(dir: string): TestCertificate {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  try {
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'pipe' })
  }
  catch (error) {
    throw new Error(`a test certificate needs the openssl command (apt-get install -y openssl): ${String(error)}`)
  }
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' })
  return { certFile, keyFile, spkiSha256: createHash('sha256').update(spki).digest('base64') }
}
