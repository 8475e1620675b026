import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { caseStatusKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { areaName } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { signedInUser } from '../../plugins/session'
import { staffScope } from '../../services/applications/access'
import { queueFilterDetail, queueQuery, queueRows } from '../../services/staff/queue'
import { exportFileNames, sendXlsx, workbook, XLSX_TYPE } from '../../services/staff/xlsx'

/** The queue table's columns (headings in server.exports.queue.columns, worded as on the page), widths in characters. */
const QUEUE_COLUMNS = [
  { key: 'number', width: 22 },
  { key: 'item', width: 28 },
  { key: 'applicant', width: 10 },
  { key: 'town', width: 12 },
  { key: 'status', width: 20 },
  { key: 'submittedAt', kind: 'dateTime', width: 18 },
  { key: 'dueAt', kind: 'dateTime', width: 18 },
  { key: 'overdue', width: 8 },
] as const

const QUEUE_TITLE = 'server.exports.queue.title'

/**
 * Exports of the staff screens (issue #16): the review queue as .xlsx, with the page's filters
 * and order, masked as on the page, audited like a view.
 */
export function staffExportRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  return async (app) => {
    app.get('/staff/cases/export.xlsx', {
      schema: {
        tags: ['staff'],
        summary: 'The review queue as an Excel workbook: the same filters, order and masking as GET /staff/cases (audited)',
        description: 'Text that begins with = + - or @ is written with a leading apostrophe and as Text, so it never becomes a formula.',
        querystring: queueQuery,
        response: { 200: z.any().describe(XLSX_TYPE), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const scope = staffScope(user)
      const lang = request.lang
      const rows = await queueRows(k, scope, request.query, lang)
      const body = await workbook([{
        name: translate(lang, QUEUE_TITLE),
        columns: QUEUE_COLUMNS.map(c => ({ ...c, header: translate(lang, `server.exports.queue.columns.${c.key}`) })),
        rows: rows.map((r: StaffQueueRow) => ({
          number: r.applicationNumber,
          item: r.itemName,
          applicant: r.applicantNameMasked,
          town: r.townName,
          status: translate(lang, caseStatusKey(r.status)),
          submittedAt: r.submittedAt,
          dueAt: r.dueAt,
          overdue: r.overdue ? translate(lang, 'server.exports.queue.overdue') : '',
        })),
      }], lang, translate(lang, QUEUE_TITLE))
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'staff_cases_export', subjectType: 'area', subjectId: scope.areaCode, detail: `${queueFilterDetail(request.query)}; rows=${rows.length}` })
      const area = { code: scope.areaCode, name: (await areaName(k, scope.areaCode)) ?? scope.areaCode }
      return sendXlsx(reply, body, exportFileNames(QUEUE_TITLE, area, lang))
    })
  }
}
