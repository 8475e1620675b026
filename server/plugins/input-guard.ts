import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from '../errors'
import { langOf, message } from '../i18n'

/**
 * The deepest JSON body accepted. The app's own bodies nest a few levels (a draft: form →
 * members → member → fields); 32 leaves room for clients while stopping bodies nested thousands
 * of levels deep before any recursive parse, validation or stringify can overflow the stack.
 */
export const MAX_JSON_DEPTH = 32

const NUL = '\u0000'
/** How a NUL is written inside a JSON string: JSON.parse refuses a raw one. */
const JSON_NUL_ESCAPE = '\\u0000'
const QUOTE = 0x22
const BACKSLASH = 0x5C
const OPEN_BRACE = 0x7B
const OPEN_BRACKET = 0x5B
const CLOSE_BRACE = 0x7D
const CLOSE_BRACKET = 0x5D

/** How deep the brackets of a JSON text nest, counting only those outside strings; stops early past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH)
        i++
      else if (c === QUOTE)
        inString = false
    }
    else if (c === QUOTE) {
      inString = true
    }
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit)
        return true
    }
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--
    }
  }
  return false
}

/** The dotted path of the first string (value or key) holding a NUL character, or null. */
export function pathOfNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string')
    return value.includes(NUL) ? path.join('.') : null
  if (value === null || typeof value !== 'object')
    return null
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes(NUL))
      return [...path, key.replaceAll(NUL, '')].join('.')
    const found = pathOfNul(inner, [...path, key])
    if (found !== null)
      return found
  }
  return null
}

function nulRejected(field: string): AppError {
  return new AppError(400, 'validation_failed', {}, field || undefined, 'text_has_nul')
}

/**
 * Bad input is a 400, never a 500 further in (issue #13): PostgreSQL refuses NUL characters in
 * text, so any NUL in a JSON body (CSV imports included), path or query is refused here, naming
 * the field; it is not stripped, because what is stored must be what was sent. JSON bodies nested deeper than
 * MAX_JSON_DEPTH are refused before they are parsed.
 */
export function registerInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      done(new AppError(400, 'validation_failed', { depth: MAX_JSON_DEPTH }, undefined, 'body_too_deep'), undefined)
      return
    }
    // Fastify's default parser answers through the callback and returns nothing; its type also
    // allows the promise style, which is what the lint sees.
    void parseJson(request, text, (error, parsed) => {
      if (error) {
        done(error, undefined)
        return
      }
      // JSON can hold a NUL only as the escape \u0000 (a raw one is a syntax error): a body
      // without it is not walked (issue #18: the walk was a few per cent of every JSON call).
      const field = text.includes(JSON_NUL_ESCAPE) ? pathOfNul(parsed) : null
      if (field !== null)
        done(nulRejected(field), undefined)
      else
        done(null, parsed)
    })
  })

  // Before the session lookup and the CSRF check: a bad URL is a 400 whoever sends it.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // %00 is the only way a NUL reaches a decoded path or query; a raw one is refused by Node.
    if (/%00/.test(request.url) || request.url.includes(NUL)) {
      const inParams = pathOfNul(request.params ?? {})
      const inQuery = inParams === null ? pathOfNul(request.query ?? {}) : null
      throw nulRejected(inParams ?? inQuery ?? '')
    }
  })
}

/** 414 for a path parameter longer than the router takes, 400 for a malformed %-escape. */
const URI_TOO_LONG = 414

/**
 * Fastify's `frameworkErrors`: a URL the router cannot read (bad %-escape, overlong id) gets the
 * app's `{ code, message }` in the user's language, not Fastify's English echo of the path.
 * No hook has run yet, so the language comes straight from the header.
 */
export function urlRejected(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? URI_TOO_LONG : 400
  void reply.status(status).send({ code: 'validation_failed', message: message(langOf(request.headers['accept-language']), 'bad_url') })
}
