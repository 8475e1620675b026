import type { EconomicCheck, EconomicCheckRequest, EconomicCheckResult, RegistryHousehold } from '../server/adapters'
import type { CheckFound, SourceFinding } from '../src/domain/application/check-report'
import { DEMO_HOUSEHOLDS } from './demo-data'

/** What the local sources hold about one person; anything left out is "nothing found". */
export type MockPersonData = Partial<Omit<CheckFound, 'huji'>>

/**
 * The demo households as the sources see them. Some differ on purpose from what the people
 * are likely to declare, so that the check report has something to flag:
 * - 李建国's household (和美村 5 组): he has a wage and a car; his wife 张丽 owns a second flat
 *   and their deposits per person are above Zhejiang's (estimated) dibao limit of 21 264 yuan.
 * - 陈桂兰 draws a company pension; 刘芳 runs a registered small business.
 * - 王秀英 and 赵大山 hold what a low-income household would declare.
 */
export const MOCK_ECONOMIC_DATA: Record<string, MockPersonData> = {
  // 王秀英: rural basic pension, small savings.
  '339901194803150028': { shebao: { insured: true, monthlyWage: 0, monthlyPension: 260 }, yinhang: { deposits: 6800, financialAssets: 0 } },
  // 李建国: employed (wage from the contribution base), provident fund, a car, the family flat.
  '339901197506080012': {
    shebao: { insured: true, monthlyWage: 4200, monthlyPension: 0 },
    gongjijin: { monthlyContribution: 504 },
    cheliang: { vehicles: 1, estimatedValue: 68000 },
    budongchan: { properties: 1, totalAreaM2: 96 },
    yinhang: { deposits: 12000, financialAssets: 0 },
  },
  // 张丽: a second flat in her name, savings and a wealth-management product.
  '339901197809200026': {
    shebao: { insured: true, monthlyWage: 0, monthlyPension: 0 },
    budongchan: { properties: 1, totalAreaM2: 58 },
    yinhang: { deposits: 52000, financialAssets: 8000 },
  },
  // 陈桂兰: retired from a factory, draws a company pension.
  '339901194002110026': { shebao: { insured: true, monthlyWage: 0, monthlyPension: 1150 }, yinhang: { deposits: 3000, financialAssets: 0 } },
  // 刘芳: a registered small shop with taxable income.
  '339901198511110022': { gongshang: { businesses: 1, monthlyTaxableIncome: 2600 }, yinhang: { deposits: 9000, financialAssets: 0 } },
  // 赵大山: an old house of his own and little else.
  '339901196501010010': { budongchan: { properties: 1, totalAreaM2: 110 }, yinhang: { deposits: 1500, financialAssets: 0 } },
}

const NOTHING: Omit<CheckFound, 'huji'> = {
  shebao: { insured: false, monthlyWage: 0, monthlyPension: 0 },
  budongchan: { properties: 0, totalAreaM2: 0 },
  cheliang: { vehicles: 0, estimatedValue: 0 },
  gongjijin: { monthlyContribution: 0 },
  yinhang: { deposits: 0, financialAssets: 0 },
  gongshang: { businesses: 0, monthlyTaxableIncome: 0 },
}

/** Local economic-check sources answering from the demo data set. */
export class MockEconomicCheck implements EconomicCheck {
  constructor(
    private readonly data: Record<string, MockPersonData> = MOCK_ECONOMIC_DATA,
    private readonly households: RegistryHousehold[] = DEMO_HOUSEHOLDS,
  ) {}

  async check(request: EconomicCheckRequest): Promise<EconomicCheckResult> {
    return {
      checkedAt: new Date().toISOString(),
      persons: request.subjects.map(({ idNumber }) => {
        const household = this.households.find(h => h.members.some(m => m.idNumber === idNumber))
        const person = { ...NOTHING, ...this.data[idNumber] }
        const findings: SourceFinding[] = [
          { source: 'huji', found: { registered: household !== undefined, areaCode: household?.areaCode ?? null, householdRef: household?.registryRef ?? null } },
          { source: 'shebao', found: person.shebao },
          { source: 'budongchan', found: person.budongchan },
          { source: 'cheliang', found: person.cheliang },
          { source: 'gongjijin', found: person.gongjijin },
          { source: 'yinhang', found: person.yinhang },
          { source: 'gongshang', found: person.gongshang },
        ]
        return { idNumber, findings }
      }),
    }
  }
}
