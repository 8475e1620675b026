import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ErrorCode } from '../../src/domain/http/errors'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { translate } from '../catalog'
import { AppError } from '../errors'
import { fieldLabel, isErrorCode, message } from '../i18n'

/** Turns every error into `{ code, message, field? }` in the caller's language; 5xx say nothing of internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = request.lang
    if (error instanceof AppError) {
      const params = { ...error.params, ...(error.field ? { field: fieldLabel(lang, error.field) } : {}) }
      return reply.status(error.statusCode).send({ code: error.code, message: message(lang, error.detail ?? error.code, params), ...(error.field ? { field: error.field } : {}) })
    }
    // The guard also checks that there is at least one issue.
    const first = hasZodFastifySchemaValidationErrors(error) ? error.validation[0] : undefined
    if (first) {
      const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.') || String((first.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') ?? '')
      const code: ErrorCode = isErrorCode(first.message ?? '') ? first.message as ErrorCode : 'validation_failed'
      // No single field at fault: the message names the request.
      const label = field ? fieldLabel(lang, field) : translate(lang, 'server.request.label')
      return reply.status(400).send({ code, message: message(lang, code, { field: label }), ...(field ? { field } : {}) })
    }
    if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && error.code?.startsWith('FST_ERR_CTP'))) {
      return reply.status(400).send({ code: 'validation_failed', message: message(lang, 'validation_failed', { field: translate(lang, 'server.request.body') }) })
    }
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.status(413).send({ code: 'validation_failed', message: message(lang, 'body_too_large') })
    if (error.statusCode === 429)
      return reply.status(429).send({ code: 'rate_limited', message: message(lang, 'rate_limited', { seconds: 60 }) })
    if (isResponseSerializationError(error))
      request.log.error({ err: { message: error.message, code: error.code } }, 'response did not match its schema')
    else
      request.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send({ code: 'internal', message: message(lang, 'internal') })
  })
}
