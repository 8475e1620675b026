import type { RegionConfig } from './types'

// Only the edge multiple is known for Hangzhou; every other figure comes from 330000.
export const region: RegionConfig = {
  code: '330100',
  name: '杭州市',
  nameEn: 'Hangzhou',
  parent: '330000',
  version: '2022.1',
  source: '杭州市：低保边缘认定标准见当地电视新闻报道（2022）；未单列的数值沿用浙江省数据',
  effectiveFrom: '2022-01-01',
  figures: {
    edgeMultiple: {
      value: 2,
      source: '杭州电视台新闻报道（2022）：低保边缘认定标准放宽至低保标准的 2 倍（具体生效日期以杭州市民政局公布为准）',
    },
  },
}
