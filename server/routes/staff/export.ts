import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import type { Localized } from '../../../src/domain/lang'
import type { Column } from '../../services/staff/xlsx'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { CASE_STATUS_NAMES } from '../../../src/domain/application/labels'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { areaName } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { signedInUser } from '../../plugins/session'
import { staffScope } from '../../services/applications/access'
import { queueFilterDetail, queueQuery, queueRows } from '../../services/staff/queue'
import { exportFileNames, sendXlsx, workbook, XLSX_TYPE } from '../../services/staff/xlsx'

type QueueColumn = 'number' | 'item' | 'applicant' | 'town' | 'status' | 'submittedAt' | 'dueAt' | 'overdue'

/** The queue table's columns, worded as on the page (src/features/staff/locales). */
const QUEUE_COLUMNS: readonly Column<QueueColumn>[] = [
  { key: 'number', header: { 'zh-CN': '申请编号', 'zh-TW': '申請編號', 'en': 'Application number' }, width: 22 },
  { key: 'item', header: { 'zh-CN': '事项', 'zh-TW': '事項', 'en': 'Item' }, width: 28 },
  { key: 'applicant', header: { 'zh-CN': '申请人', 'zh-TW': '申請人', 'en': 'Applicant' }, width: 10 },
  { key: 'town', header: { 'zh-CN': '乡镇（街道）', 'zh-TW': '鄉鎮（街道）', 'en': 'Town' }, width: 12 },
  { key: 'status', header: { 'zh-CN': '状态', 'zh-TW': '狀態', 'en': 'Status' }, width: 20 },
  { key: 'submittedAt', header: { 'zh-CN': '提交时间', 'zh-TW': '提交時間', 'en': 'Submitted' }, kind: 'dateTime', width: 18 },
  { key: 'dueAt', header: { 'zh-CN': '办理期限', 'zh-TW': '辦理期限', 'en': 'Due' }, kind: 'dateTime', width: 18 },
  { key: 'overdue', header: { 'zh-CN': '超期', 'zh-TW': '超期', 'en': 'Overdue' }, width: 8 },
]

const QUEUE_TITLE: Localized = { 'zh-CN': '待审核事项', 'zh-TW': '待審核事項', 'en': 'Review queue' }
const OVERDUE: Localized = { 'zh-CN': '已超期', 'zh-TW': '已超期', 'en': 'Overdue' }

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
        name: QUEUE_TITLE,
        columns: QUEUE_COLUMNS,
        rows: rows.map((r: StaffQueueRow) => ({
          number: r.applicationNumber,
          item: r.itemName,
          applicant: r.applicantNameMasked,
          town: r.townName,
          status: CASE_STATUS_NAMES[r.status][lang],
          submittedAt: r.submittedAt,
          dueAt: r.dueAt,
          overdue: r.overdue ? OVERDUE[lang] : '',
        })),
      }], lang, QUEUE_TITLE[lang])
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'staff_cases_export', subjectType: 'area', subjectId: scope.areaCode, detail: `${queueFilterDetail(request.query)}; rows=${rows.length}` })
      const area = { code: scope.areaCode, name: (await areaName(k, scope.areaCode)) ?? scope.areaCode }
      return sendXlsx(reply, body, exportFileNames(QUEUE_TITLE, area, lang))
    })
  }
}
