import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang } from '../../../src/domain/lang'
import type { Cell, Column, ColumnKind, StreamedSheet } from '../../services/staff/xlsx'
import type { Coverage, LeftAssistanceHousehold, NotVisitedHousehold, UrgentFlag } from '../../services/visits/coverage'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { coverageQuery } from '../../../src/domain/visits/api'
import { translate } from '../../catalog'
import { areaName } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { AppError } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { exportFileNames, sendXlsx, workbookStream, XLSX_TYPE } from '../../services/staff/xlsx'
import { coverageOf, everyLeftAssistance, everyNotVisited, percent, urgentFlagsOf } from '../../services/visits/coverage'

/** The page's words (server.exports.coverage, worded as src/features/visit-coverage/locales). */
const COVERAGE = 'server.exports.coverage'

/** Each item as a row, as they come. */
async function* mapped<T, R>(items: AsyncIterable<T>, row: (item: T) => R): AsyncGenerator<R> {
  for await (const item of items)
    yield row(item)
}

/** The whole lists, where the page shows a page at a time: read from the database as they are written. */
export interface CoverageLists {
  notVisited: AsyncIterable<NotVisitedHousehold>
  left: AsyncIterable<LeftAssistanceHousehold>
}

/**
 * The four tables of the page as sheets: the villages of GET /staff/visits/coverage, the flags
 * of /flags, and the two household lists whole (the page shows their first page, and the next
 * ones on request), in the page's order.
 */
export function coverageSheets(c: Pick<Coverage, 'villages'>, flags: readonly UrgentFlag[], lists: CoverageLists, areaLabel: string, lang: Lang): StreamedSheet[] {
  const t = (key: string, params?: Record<string, string>) => translate(lang, `${COVERAGE}.${key}`, params)
  const col = <K extends string>(key: K, kind: ColumnKind = 'text', width = 14): Column<K> => ({ key, header: t(key), kind, width })
  const households = c.villages.reduce((s, v) => s + v.households, 0)
  const visited = c.villages.reduce((s, v) => s + v.visited, 0)
  const lastVisit = (at: string | null): Cell => at ?? t('never')
  return [
    {
      name: t('villages'),
      columns: [col('village', 'text', 20), col('households', 'number'), col('visited', 'number'), col('percent', 'percent')],
      rows: [
        ...c.villages.map(v => ({ village: v.name, households: v.households, visited: v.visited, percent: v.percent })),
        { village: t('total', { area: areaLabel }), households, visited, percent: percent(visited, households) },
      ],
    },
    {
      name: t('flags'),
      columns: [col('village', 'text', 16), col('head', 'text', 10), col('visitedAt', 'date'), col('visitor', 'text', 16), col('organisation', 'text', 20), col('note', 'text', 40), col('state', 'text', 10), col('resolvedAt', 'date')],
      rows: flags.map(f => ({ village: f.villageName, head: f.maskedHeadName, visitedAt: f.visitedAt, visitor: f.visitorName, organisation: f.organisation, note: f.urgentNote, state: t(f.resolvedAt === null ? 'open' : 'resolved'), resolvedAt: f.resolvedAt })),
    },
    {
      name: t('notVisited'),
      columns: [col('head', 'text', 10), col('village', 'text', 20), col('lastVisit', 'date')],
      rows: mapped(lists.notVisited, h => ({ head: h.maskedHeadName, village: h.villageName, lastVisit: lastVisit(h.lastVisitedAt) })),
    },
    {
      name: t('left'),
      columns: [col('head', 'text', 10), col('village', 'text', 20), col('leftOn', 'date'), col('lastVisit', 'date')],
      rows: mapped(lists.left, h => ({ head: h.maskedHeadName, village: h.villageName, leftOn: h.leftOn, lastVisit: lastVisit(h.lastVisitedAt) })),
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
        summary: 'The coverage page as an Excel workbook: villages of the quarter, urgent flags, and the whole lists of households not visited in 90 days and that left assistance (masked names; audited)',
        description: 'Text that begins with = + - or @ (a volunteer\'s note, say) is written with a leading apostrophe and as Text, so it never becomes a formula. The two household lists are whole (the page shows them a page at a time), in the page\'s order, streamed as they are read.',
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
      const now = new Date()
      const [coverage, flags] = await Promise.all([coverageOf(k, area, quarter, now), urgentFlagsOf(k, area)])
      const name = (await areaName(k, area)) ?? area
      // Audited before the first byte: the lists are read while the file is sent.
      await writeAudit(k, {
        actorId: user.id,
        actorRole: user.role,
        action: 'visit_coverage_export',
        subjectType: 'area',
        subjectId: area,
        detail: `quarter=${quarter}; villages=${coverage.villages.length}; flags=${flags.length}; notVisited=${coverage.totals.notVisited90Days}; left=${coverage.totals.leftAssistanceDue}`,
      })
      const lists = { notVisited: everyNotVisited(k, area, now), left: everyLeftAssistance(k, area, now) }
      const body = workbookStream(coverageSheets(coverage, flags, lists, name, lang), lang, `${translate(lang, `${COVERAGE}.title`)} ${quarter}`)
      return sendXlsx(reply, body, exportFileNames(`${COVERAGE}.title`, { code: area, name }, lang, [quarter]))
    })
  }
}
