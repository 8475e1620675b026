import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang } from '../../../src/domain/lang'
import type { Completeness } from '../../services/happiness-list/completeness'
import type { Cell, Column } from '../../services/staff/xlsx'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { completenessQuery } from '../../../src/domain/happiness-list/api'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { benefitDepartmentKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { areaName } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { AppError } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { completenessOf } from '../../services/happiness-list/completeness'
import { exportFileNames, sendXlsx, workbook, XLSX_TYPE } from '../../services/staff/xlsx'

/** The page's words (server.exports.completeness, worded as src/features/happiness-list/locales). */
const COMPLETENESS = 'server.exports.completeness'

/** The page's table as a sheet: departments nobody in the area reported are left out, as on the page. */
export function completenessSheet(villages: Completeness['villages'], lang: Lang) {
  const t = (key: string, params?: Record<string, string>) => translate(lang, `${COMPLETENESS}.${key}`, params)
  const shown = BENEFIT_DEPARTMENT_CODES.filter(d => villages.some(v => v.byDepartment.some(b => b.department === d && b.households > 0)))
  const columns: Column[] = [
    { key: 'village', header: t('village'), width: 20 },
    { key: 'households', header: t('households'), kind: 'number' },
    ...shown.map(d => ({ key: d, kind: 'number' as const, width: 18, header: t('reported', { department: translate(lang, benefitDepartmentKey(d)) }) })),
  ]
  const rows = villages.map(v => ({
    village: v.name,
    households: v.households,
    ...Object.fromEntries(shown.map(d => [d, v.byDepartment.find(b => b.department === d)?.households ?? 0])),
  }) as Record<string, Cell>)
  return { name: t('title'), columns, rows, departments: shown }
}

/** The completeness page's export (issue #16), audited like a view. */
export function completenessExportRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  return async (app) => {
    app.get('/staff/happiness-list/completeness/export.xlsx', {
      schema: {
        tags: ['happiness-list'],
        summary: 'Completeness of a quarter per village as an Excel workbook, as the page shows it (counts only; audited)',
        querystring: completenessQuery,
        response: { 200: z.any().describe(XLSX_TYPE), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      if (!user.area_code)
        throw new AppError(403, 'forbidden')
      const area = user.area_code
      const { quarter } = request.query
      const lang = request.lang
      const sheet = completenessSheet((await completenessOf(k, area, quarter, lang)).villages, lang)
      const body = await workbook([sheet], lang, `${sheet.name} ${quarter}`)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'happiness_completeness_export', subjectType: 'area', subjectId: area, detail: `quarter=${quarter}; villages=${sheet.rows.length}; departments=${sheet.departments.join(',')}` })
      return sendXlsx(reply, body, exportFileNames(`${COMPLETENESS}.title`, { code: area, name: (await areaName(k, area)) ?? area }, lang, [quarter]))
    })
  }
}
