import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang, Localized } from '../../../src/domain/lang'
import type { Cell, Column, Sheet } from '../../services/staff/xlsx'
import type { Coverage, UrgentFlag } from '../../services/visits/coverage'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { coverageQuery } from '../../../src/domain/visits/api'
import { areaName } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { AppError } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { exportFileNames, sendXlsx, workbook, XLSX_TYPE } from '../../services/staff/xlsx'
import { coverageOf, percent, urgentFlagsOf } from '../../services/visits/coverage'

const L = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, 'en': en })

/** Worded as on the page (src/features/visit-coverage/locales). */
const T = {
  title: L('探访覆盖', '探訪覆蓋', 'Visit coverage'),
  villages: L('各村探访情况', '各村探訪情況', 'Villages'),
  flags: L('紧急情况', '緊急情況', 'Urgent needs'),
  notVisited: L('90天未探访', '90天未探訪', 'Not visited in 90 days'),
  left: L('退出救助仍需探访', '退出救助仍需探訪', 'Left assistance'),
  village: L('村（社区）', '村（社區）', 'Village'),
  households: L('登记户数', '登記戶數', 'Households'),
  visited: L('已探访户数', '已探訪戶數', 'Visited'),
  percent: L('探访率', '探訪率', 'Coverage'),
  head: L('户主', '戶主', 'Head of household'),
  visitedAt: L('探访日期', '探訪日期', 'Visit date'),
  visitor: L('探访人', '探訪人', 'Visitor'),
  organisation: L('所属单位', '所屬單位', 'Organisation'),
  note: L('情况说明', '情況說明', 'Note'),
  state: L('状态', '狀態', 'Status'),
  open: L('待处理', '待處理', 'Open'),
  resolved: L('已处理', '已處理', 'Resolved'),
  resolvedAt: L('处理日期', '處理日期', 'Resolved on'),
  lastVisit: L('上次探访', '上次探訪', 'Last visit'),
  never: L('从未探访', '從未探訪', 'Never visited'),
  leftOn: L('退出救助日期', '退出救助日期', 'Left assistance on'),
  total: L('{area}合计', '{area}合計', '{area} total'),
} as const

const col = <K extends string>(key: K, header: Localized, kind: Column['kind'] = 'text', width = 14): Column<K> => ({ key, header, kind, width })

/** The four tables of the page as sheets: the rows of GET /staff/visits/coverage and /flags. */
export function coverageSheets(c: Coverage, flags: readonly UrgentFlag[], areaLabel: string, lang: Lang): Sheet[] {
  const households = c.villages.reduce((s, v) => s + v.households, 0)
  const visited = c.villages.reduce((s, v) => s + v.visited, 0)
  const lastVisit = (at: string | null): Cell => at ?? T.never[lang]
  return [
    {
      name: T.villages,
      columns: [col('village', T.village, 'text', 20), col('households', T.households, 'number'), col('visited', T.visited, 'number'), col('percent', T.percent, 'percent')],
      rows: [
        ...c.villages.map(v => ({ village: v.name, households: v.households, visited: v.visited, percent: v.percent })),
        { village: T.total[lang].replace('{area}', areaLabel), households, visited, percent: percent(visited, households) },
      ],
    },
    {
      name: T.flags,
      columns: [col('village', T.village, 'text', 16), col('head', T.head, 'text', 10), col('visitedAt', T.visitedAt, 'date'), col('visitor', T.visitor, 'text', 16), col('organisation', T.organisation, 'text', 20), col('note', T.note, 'text', 40), col('state', T.state, 'text', 10), col('resolvedAt', T.resolvedAt, 'date')],
      rows: flags.map(f => ({ village: f.villageName, head: f.maskedHeadName, visitedAt: f.visitedAt, visitor: f.visitorName, organisation: f.organisation, note: f.urgentNote, state: f.resolvedAt === null ? T.open[lang] : T.resolved[lang], resolvedAt: f.resolvedAt })),
    },
    {
      name: T.notVisited,
      columns: [col('head', T.head, 'text', 10), col('village', T.village, 'text', 20), col('lastVisit', T.lastVisit, 'date')],
      rows: c.notVisited90Days.map(h => ({ head: h.maskedHeadName, village: h.villageName, lastVisit: lastVisit(h.lastVisitedAt) })),
    },
    {
      name: T.left,
      columns: [col('head', T.head, 'text', 10), col('village', T.village, 'text', 20), col('leftOn', T.leftOn, 'date'), col('lastVisit', T.lastVisit, 'date')],
      rows: c.leftAssistanceDue.map(h => ({ head: h.maskedHeadName, village: h.villageName, leftOn: h.leftOn, lastVisit: lastVisit(h.lastVisitedAt) })),
    },
  ]
}

/** The coverage page's export (issue #16): its four tables as one workbook, audited like a view. */
export function coverageExportRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  return async (app) => {
    app.get('/staff/visits/coverage/export.xlsx', {
      schema: {
        tags: ['visits'],
        summary: 'The coverage page as an Excel workbook: villages of the quarter, urgent flags, households not visited in 90 days, households that left assistance (masked names; audited)',
        description: 'Text that begins with = + - or @ (a volunteer\'s note, say) is written with a leading apostrophe and as Text, so it never becomes a formula.',
        querystring: coverageQuery,
        response: { 200: z.any().describe(XLSX_TYPE), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      if (!user.area_code)
        throw new AppError(403, 'forbidden')
      const area = user.area_code
      const { quarter } = request.query
      const lang = request.lang
      const [coverage, flags] = await Promise.all([coverageOf(k, area, quarter), urgentFlagsOf(k, area)])
      const name = (await areaName(k, area)) ?? area
      const body = await workbook(coverageSheets(coverage, flags, name, lang), lang, `${T.title[lang]} ${quarter}`)
      await writeAudit(k, {
        actorId: user.id,
        actorRole: user.role,
        action: 'visit_coverage_export',
        subjectType: 'area',
        subjectId: area,
        detail: `quarter=${quarter}; villages=${coverage.villages.length}; flags=${flags.length}; notVisited=${coverage.notVisited90Days.length}; left=${coverage.leftAssistanceDue.length}`,
      })
      return sendXlsx(reply, body, exportFileNames(T.title, { code: area, name }, lang, [quarter]))
    })
  }
}
