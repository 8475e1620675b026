import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Kysely } from 'kysely'
import type { Lang } from '../../../src/domain/lang'
import type { Database } from '../../db/schema'
import type { RouteContext } from '../context'
import { randomUUID } from 'node:crypto'
import { importCommitBody, importPreviewBody, importPreviewResponse, importRejectedSchema, upsertCounts } from '../../../src/domain/happiness-list/api'
import { CSV_COLUMNS, readBenefitCsv } from '../../../src/domain/happiness-list/csv'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { eventCounts } from '../../../src/domain/warnings/api'
import { COLUMN_OF_FIELD, EVENT_CSV_COLUMNS, readEventCsv } from '../../../src/domain/warnings/csv'
import { writeAudit } from '../../db/repos/audit'
import { insertImportBatch, setImportBatchCounts, upsertBenefits } from '../../db/repos/benefits'
import { AppError } from '../../errors'
import { message } from '../../i18n'
import { signedInUser } from '../../plugins/session'
import { sha256 } from '../../security'
import { issueMessage, resolveRecords } from '../../services/happiness-list/records'
import { receiveSignals, resolveEvents } from '../../services/warnings/receive'

/** A CSV of 2 MB is about 2.1 MB as a JSON string with its escapes. */
const IMPORT_BODY_LIMIT = 3 * 1024 * 1024
const COLUMNS_DOC = `Columns (header row, UTF-8): ${CSV_COLUMNS.join(',')}. id_numbers separated by ";", amount_yuan in yuan with at most 2 decimals, period "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD", paid_on "YYYY-MM-DD". A row for a month of an approval (same household, item and department) makes that month paid, as a feed does.`

/** Reads and checks a CSV: rows to store, or every problem with its row (header = row 1). */
async function checkCsv(k: Kysely<Database>, csv: string, lang: Lang, batchId: string | null) {
  const read = readBenefitCsv(csv)
  const resolved = await resolveRecords(k, read.records.map(r => ({ at: r.row, record: r })), { source: 'import', credential_id: null, import_batch_id: batchId })
  const errors = [
    ...read.issues,
    ...resolved.issues.map(i => ({ row: i.at, field: i.field.startsWith('idNumbers') ? 'id_numbers' : i.field === 'externalId' ? 'external_id' : i.field, code: i.code })),
  ].sort((a, b) => a.row - b.row).map(i => ({ ...i, message: issueMessage(lang, i) }))
  return { rows: read.rows, records: resolved.rows, errors }
}

const EVENT_COLUMNS_DOC = `Columns (header row, UTF-8): ${EVENT_CSV_COLUMNS.join(',')}; the first five are required, a row fills those of its kind (src/domain/warnings/csv.ts). amount_yuan in yuan with at most 2 decimals; occurred_at "YYYY-MM-DD" or an instant with its offset. Each new event is evaluated on arrival and may raise a warning.`

/** Reads and checks a CSV of department events (issue #19): signals to store, or every problem with its row. */
async function checkEventCsv(k: Kysely<Database>, csv: string, lang: Lang) {
  const read = readEventCsv(csv)
  // The row says who reports it: county staff import for departments without a feed.
  const resolved = await resolveEvents(k, read.events.map(e => ({ at: e.row, raw: e.raw, source: typeof e.raw.source === 'string' ? e.raw.source : '' })))
  const errors = [
    ...read.issues,
    // The row's source column, not a credential, names who may not report the kind.
    ...resolved.issues.map(i => i.code === 'event_not_permitted'
      ? { row: i.at, field: 'source', code: 'source_not_permitted' }
      : { row: i.at, field: COLUMN_OF_FIELD[i.field.split('.')[0]!] ?? i.field, code: i.code }),
  ].sort((a, b) => a.row - b.row).map(i => ({ ...i, message: issueMessage(lang, i) }))
  return { rows: read.rows, signals: resolved.signals, errors }
}

/**
 * CSV import by county staff, for departments without a feed: preview with per-row errors,
 * then commit. The same upsert as the feed, keyed by (department, external_id): re-importing
 * a file changes nothing.
 */
export function importRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  return async (app) => {
    app.post('/staff/imports/preview', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['happiness-list'],
        summary: `Check a CSV of benefit records without storing anything. ${COLUMNS_DOC}`,
        body: importPreviewBody,
        response: { 200: importPreviewResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 413: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const checked = await checkCsv(k, request.body.csv, request.lang, null)
      const fileHash = sha256(request.body.csv)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'import_preview', subjectType: 'import', subjectId: fileHash, detail: `rows=${checked.rows}; errors=${checked.errors.length}` })
      return { rows: checked.rows, errors: checked.errors, fileHash }
    })

    app.post('/staff/imports/commit', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['happiness-list'],
        summary: `Import a CSV of benefit records: all rows or none (400 with the row errors). ${COLUMNS_DOC}`,
        body: importCommitBody,
        response: { 200: upsertCounts, 400: importRejectedSchema, 401: apiErrorSchema, 403: apiErrorSchema, 413: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const batchId = randomUUID()
      const checked = await checkCsv(k, request.body.csv, request.lang, batchId)
      if (checked.errors.length > 0 || checked.rows === 0) {
        if (checked.rows === 0)
          throw new AppError(400, 'validation_failed', {}, 'csv')
        return reply.status(400).send({ code: 'import_rejected', message: message(request.lang, 'import_rejected', { count: checked.errors.length }), errors: checked.errors })
      }
      const fileHash = sha256(request.body.csv)
      // The batch row first: the records point at it.
      await insertImportBatch(k, { id: batchId, file_hash: fileHash, filename: request.body.filename ?? null, created_by: user.id, committed_at: new Date().toISOString(), rows: checked.rows, inserted: 0, updated: 0, unchanged: 0 })
      const counts = await upsertBenefits(k, checked.records)
      await setImportBatchCounts(k, batchId, counts)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'import_commit', subjectType: 'import', subjectId: batchId, detail: `rows=${checked.rows}; inserted=${counts.inserted}; updated=${counts.updated}; unchanged=${counts.unchanged}` })
      return counts
    })

    app.post('/staff/imports/events/preview', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['warnings'],
        summary: `Check a CSV of department events (政策找人) without storing anything. ${EVENT_COLUMNS_DOC}`,
        body: importPreviewBody,
        response: { 200: importPreviewResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 413: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const checked = await checkEventCsv(k, request.body.csv, request.lang)
      const fileHash = sha256(request.body.csv)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'import_events_preview', subjectType: 'import', subjectId: fileHash, detail: `rows=${checked.rows}; errors=${checked.errors.length}` })
      return { rows: checked.rows, errors: checked.errors, fileHash }
    })

    app.post('/staff/imports/events/commit', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags: ['warnings'],
        summary: `Import a CSV of department events: all rows or none (400 with the row errors); a row imported before is not stored again. ${EVENT_COLUMNS_DOC}`,
        body: importCommitBody,
        response: { 200: eventCounts, 400: importRejectedSchema, 401: apiErrorSchema, 403: apiErrorSchema, 413: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const checked = await checkEventCsv(k, request.body.csv, request.lang)
      if (checked.rows === 0)
        throw new AppError(400, 'validation_failed', {}, 'csv')
      if (checked.errors.length > 0)
        return reply.status(400).send({ code: 'import_rejected', message: message(request.lang, 'import_rejected', { count: checked.errors.length }), errors: checked.errors })
      const counts = await receiveSignals(k, checked.signals, { credentialId: null, importedBy: user.id })
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'import_events_commit', subjectType: 'import', subjectId: sha256(request.body.csv), detail: `rows=${checked.rows}; inserted=${counts.inserted}; unchanged=${counts.unchanged}; warnings=${counts.warnings}` })
      return counts
    })
  }
}
