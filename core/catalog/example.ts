import type { ItemDraft } from './guide.ts';

/**
 * A complete, valid item as the demo county's market regulator would list it: the example row of the
 * import template, and the starting point of tests.
 */
export const EXAMPLE_ITEM: ItemDraft = {
  departmentCode: '511723-2',
  implementationCode: '11511723MB0000000X000101001000',
  basicCode: '000101001000',
  level: 'county',
  name: '个体工商户设立登记',
  type: 'administrative_license',
  legalBasis: '《促进个体工商户发展条例》第八条；《中华人民共和国市场主体登记管理条例》第二十一条',
  conditions: '有经营能力的自然人；经营场所符合规定；申请材料齐全、符合法定形式',
  materials: [
    {
      name: '个体工商户登记（备案）申请书',
      required: true,
      form: 'original',
      copies: 1,
      source: 'applicant',
      note: null,
      blankFileId: null,
      sampleFileId: null,
    },
    {
      name: '经营者身份证明',
      required: true,
      form: 'copy',
      copies: 1,
      source: 'government',
      note: '现场核验原件',
      blankFileId: null,
      sampleFileId: null,
    },
  ],
  steps: [
    { name: '受理', role: '窗口人员', limit: { value: 0, unit: 'working_days' } },
    { name: '核准发照', role: '登记人员', limit: { value: 0, unit: 'working_days' } },
  ],
  legalLimit: { value: 3, unit: 'working_days' },
  promisedLimit: { value: 0, unit: 'working_days' },
  handling: { kind: 'on_the_spot', lead: null, participants: [], targetLevel: null },
  charged: false,
  fees: [],
  place: '县政务服务中心企业开办窗口',
  hours: '周一至周五 上午9:00—12:00 下午13:30—17:00（法定节假日除外）',
  consultPhone: '0818-8221234',
  complaintPhone: '12345',
  onlineApply: true,
  appointment: true,
  proxyAllowed: false,
  maxVisits: 0,
  themes: ['business_startup'],
  faq: [{ question: '个体工商户名称必须登记吗？', answer: '可以不使用名称；使用名称的应当申报登记。' }],
};
