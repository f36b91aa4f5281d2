import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Guide, Handling, ItemDraft, Limit, Material, Step } from '../../core/catalog/index.ts';
import type { EscalationLevel, ItemLevel, ItemType, ThemeCode } from '../../core/catalog/vocabulary.ts';
import type { AppContext } from '../context.ts';
import type { CatalogItemsTable, CatalogPlacementsTable, CatalogVersionsTable } from '../db/schema.ts';
import { itemRow, versionRow } from './catalog-store.ts';

// The demo county's service network (server/org/demo-seed.ts) numbers its units in creation order:
// <county>-1 is the government service center with windows -1-1 … -1-5, <county>-2 … -10 the bureaus
// below, and every township's <township>-1 its convenience service center with windows -1-1 综合窗口
// and -1-2 社保民政窗口.
const DEPT = {
  market: 2,
  hrss: 3,
  civil: 4,
  land: 5,
  health: 6,
  culture: 7,
  medicare: 8,
  forestry: 9,
  disabled: 10,
} as const;
type Dept = keyof typeof DEPT;
const COUNTY_WINDOWS = { general: 1, business: 2, social: 3, property: 4, delivery: 5 } as const;
const TOWNSHIP_WINDOWS = { general: 1, social: 2 } as const;

const CONSULT_PHONES: Record<Dept | 'township', string> = {
  market: '0818-8221501',
  hrss: '0818-8222302',
  civil: '0818-8223103',
  land: '0818-8224404',
  health: '0818-8225205',
  culture: '0818-8226306',
  medicare: '0818-8227107',
  forestry: '0818-8228208',
  disabled: '0818-8229309',
  township: '0818-8230100',
};
const COUNTY_HOURS = '周一至周五 上午9:00—12:00，下午13:30—17:30（法定节假日除外）';
const TOWNSHIP_HOURS = '周一至周五 上午8:30—12:00，下午14:00—17:30（法定节假日除外）';

interface DemoItem {
  /** A county bureau, or 'township': one item per township, handled by its own service center. */
  owner: Dept | 'township';
  basicCode: string;
  name: string;
  type: ItemType;
  level: ItemLevel;
  handling: { kind: Handling['kind']; lead?: Dept; participants?: Dept[]; targetLevel?: EscalationLevel };
  legal: Limit | null;
  promised: Limit;
  legalBasis: string;
  conditions: string;
  materials: Material[];
  steps: Step[];
  fees?: Guide['fees'];
  maxVisits: number;
  online: boolean;
  appointment?: boolean;
  proxy: boolean;
  themes: ThemeCode[];
  faq?: Guide['faq'];
  countyWindows?: (keyof typeof COUNTY_WINDOWS)[];
  townshipWindows?: (keyof typeof TOWNSHIP_WINDOWS)[];
  /** Overrides the place derived from the windows (items served outside the centers). */
  place?: string;
}

const wd = (value: number): Limit => ({ value, unit: 'working_days' });
const SAME_DAY = wd(0);

function m(
  name: string,
  opts: Partial<Pick<Material, 'required' | 'form' | 'copies' | 'source' | 'note'>> = {},
): Material {
  return {
    name,
    required: opts.required ?? true,
    form: opts.form ?? 'original',
    copies: opts.copies ?? 1,
    source: opts.source ?? 'applicant',
    note: opts.note ?? null,
    blankFileId: null,
    sampleFileId: null,
  };
}
const s = (name: string, role: string, days: number | null): Step => ({
  name,
  role,
  limit: days === null ? null : wd(days),
});

const ID_CARD = m('居民身份证', { source: 'government', note: '现场核验原件' });
const HOUSEHOLD = m('居民户口簿', { form: 'original_and_copy', source: 'government' });
const BUSINESS_LICENSE = m('营业执照', {
  form: 'copy',
  source: 'government',
  note: '可通过电子证照共享免于提交',
});
const PROXY_LETTER = m('授权委托书及受托人身份证明', { required: false, note: '委托他人办理时提供' });
const ACCEPT = s('受理', '窗口人员', 0);
/** How most licences go: received, examined, decided by the head of the office, delivered. */
const licensing = (
  review: string,
  reviewer: string,
  reviewDays: number,
  decision: string,
  decideDays: number,
) => [
  ACCEPT,
  s(review, reviewer, reviewDays),
  s(decision, '审批负责人', decideDays),
  s('送达', '窗口人员', 1),
];

/** The demo catalog: about thirty items a county of 开江县's size lists, across its bureaus and townships. */
export const DEMO_ITEMS: readonly DemoItem[] = [
  {
    owner: 'market',
    basicCode: '000101001000',
    name: '个体工商户设立登记',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'on_the_spot' },
    legal: wd(3),
    promised: SAME_DAY,
    legalBasis: '《促进个体工商户发展条例》第八条；《中华人民共和国市场主体登记管理条例》第三条、第十九条',
    conditions: '有经营能力的公民；有符合规定的经营场所；申请材料齐全、符合法定形式',
    materials: [
      m('个体工商户登记（备案）申请书'),
      ID_CARD,
      m('经营场所使用证明', { form: 'copy', note: '房屋所有权证明或租赁合同' }),
      PROXY_LETTER,
    ],
    steps: [ACCEPT, s('审查与核准', '登记人员', 0), s('发照', '窗口人员', 0)],
    maxVisits: 0,
    online: true,
    appointment: true,
    proxy: false,
    themes: ['business_startup'],
    faq: [
      {
        question: '可以不跑现场办理吗？',
        answer: '可以。通过四川政务服务网或“天府通办”全程网上办理，营业执照可邮寄到家。',
      },
    ],
    countyWindows: ['business'],
    townshipWindows: ['general'],
  },
  {
    owner: 'market',
    basicCode: '000101017000',
    name: '食品经营许可',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(10),
    promised: wd(5),
    legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第二十五条',
    conditions: '具有与经营的食品品种、数量相适应的经营场所、设备设施、食品安全管理人员和管理制度',
    materials: [
      m('食品经营许可申请书'),
      BUSINESS_LICENSE,
      m('主要设备设施布局、操作流程等文件'),
      m('食品安全管理制度目录及食品安全自查、从业人员健康管理等制度文本'),
      m('食品安全管理人员身份证明', { form: 'copy' }),
    ],
    steps: [
      ACCEPT,
      s('材料审查与现场核查', '审查人员', 3),
      s('许可决定', '审批负责人', 1),
      s('制证送达', '窗口人员', 1),
    ],
    maxVisits: 1,
    online: true,
    appointment: true,
    proxy: false,
    themes: ['business_startup'],
    faq: [
      {
        question: '只卖预包装食品也要许可吗？',
        answer: '仅销售预包装食品的，办理备案即可，不需要取得许可。',
      },
    ],
    countyWindows: ['business'],
  },
  {
    owner: 'hrss',
    basicCode: '001209001000',
    name: '城乡居民基本养老保险参保登记',
    type: 'public_service',
    level: 'township',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis:
      '《中华人民共和国社会保险法》第二十条、第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
    conditions:
      '年满16周岁（不含在校学生），非国家机关和事业单位工作人员，不属于职工基本养老保险覆盖范围的城乡居民',
    materials: [ID_CARD, m('城乡居民基本养老保险参保登记表')],
    steps: [ACCEPT, s('信息录入与参保登记', '社保经办人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['elderly_care'],
    countyWindows: ['social'],
    townshipWindows: ['social'],
  },
  {
    owner: 'hrss',
    basicCode: '001209014000',
    name: '就业失业登记',
    type: 'public_service',
    level: 'township',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国就业促进法》第三十五条；《就业服务与就业管理规定》第六十一条至第六十三条',
    conditions: '法定劳动年龄内、有劳动能力和就业要求的城乡劳动者',
    materials: [
      ID_CARD,
      m('就业创业登记申请表'),
      m('解除或终止劳动关系证明', { required: false, form: 'copy', note: '办理失业登记时提供' }),
    ],
    steps: [ACCEPT, s('登记', '就业服务经办人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['employment'],
    countyWindows: ['social'],
    townshipWindows: ['social'],
  },
  {
    owner: 'hrss',
    basicCode: '000501003000',
    name: '失业保险金申领',
    type: 'administrative_payment',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(15),
    promised: wd(5),
    legalBasis: '《失业保险条例》第十四条、第十六条；《失业保险金申领发放办法》第七条',
    conditions: '失业前参加失业保险且缴费满一年；非因本人意愿中断就业；已办理失业登记并有求职要求',
    materials: [
      ID_CARD,
      m('社会保障卡或银行账户', { form: 'copy' }),
      m('解除或终止劳动合同的证明', { form: 'copy' }),
    ],
    steps: [ACCEPT, s('资格审核', '社保经办人员', 3), s('核定与发放', '社保经办人员', 2)],
    maxVisits: 0,
    online: true,
    proxy: false,
    themes: ['employment'],
    countyWindows: ['social'],
  },
  {
    owner: 'hrss',
    basicCode: '001209021000',
    name: '社会保障卡申领',
    type: 'public_service',
    level: 'county',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国社会保险法》第五十八条；《社会保障卡管理办法》',
    conditions: '已参加社会保险的人员',
    materials: [ID_CARD, m('近期免冠彩色照片', { required: false, form: 'electronic', note: '可现场拍照' })],
    steps: [ACCEPT, s('即时制卡与发卡', '窗口人员', 0)],
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['employment', 'medical'],
    countyWindows: ['social'],
    townshipWindows: ['social'],
  },
  {
    owner: 'hrss',
    basicCode: '000501011000',
    name: '职业培训补贴申领',
    type: 'administrative_payment',
    level: 'county',
    handling: { kind: 'promised' },
    legal: null,
    promised: wd(15),
    legalBasis: '《中华人民共和国就业促进法》第四十八条；《职业技能提升行动方案（2019—2021年）》',
    conditions: '参加职业技能培训并取得职业资格证书、职业技能等级证书或培训合格证书的劳动者',
    materials: [ID_CARD, m('职业技能等级证书或培训合格证书', { form: 'copy', source: 'government' })],
    steps: [ACCEPT, s('审核', '就业服务经办人员', 10), s('拨付', '财务人员', 5)],
    maxVisits: 0,
    online: true,
    proxy: false,
    themes: ['employment'],
    countyWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000501101000',
    name: '最低生活保障申请',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'escalated', targetLevel: 'county' },
    legal: wd(30),
    promised: wd(20),
    legalBasis: '《社会救助暂行办法》第九条至第十一条；《最低生活保障审核确认办法》（民发〔2021〕57号）',
    conditions: '持有本县户籍，共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定',
    materials: [
      m('最低生活保障申请书'),
      HOUSEHOLD,
      m('家庭成员身份证', { form: 'copy', source: 'government' }),
      m('家庭经济状况申报表'),
      m('家庭经济状况核对授权书', { note: '所有共同生活家庭成员签字' }),
    ],
    steps: [
      s('受理', '社保民政窗口人员', 0),
      s('家庭经济状况调查', '乡镇经办人员', 10),
      s('民主评议与公示', '村（居）民委员会', 5),
      s('审核确认', '县民政局审批人员', 5),
    ],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['social_assistance'],
    townshipWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000501102000',
    name: '特困人员救助供养',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'escalated', targetLevel: 'county' },
    legal: wd(40),
    promised: wd(30),
    legalBasis: '《社会救助暂行办法》第十四条至第二十条；《特困人员认定办法》（民发〔2021〕43号）',
    conditions:
      '无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力的老年人、残疾人及未成年人',
    materials: [
      m('特困人员救助供养申请书'),
      HOUSEHOLD,
      m('残疾人证', { required: false, form: 'copy', source: 'government' }),
    ],
    steps: [
      s('受理', '社保民政窗口人员', 0),
      s('调查核实', '乡镇经办人员', 15),
      s('公示', '村（居）民委员会', 7),
      s('审核确认', '县民政局审批人员', 8),
    ],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['social_assistance', 'elderly_care'],
    townshipWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000501103000',
    name: '临时救助',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'promised' },
    legal: wd(15),
    promised: wd(10),
    legalBasis:
      '《社会救助暂行办法》第四十七条至第五十条；《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）',
    conditions:
      '因火灾、交通事故等意外事件或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人',
    materials: [
      m('临时救助申请书'),
      ID_CARD,
      m('遭遇困难的相关证明', { form: 'copy', source: 'other', note: '如医疗费用票据' }),
    ],
    steps: [
      ACCEPT,
      s('审核', '乡镇经办人员', 5),
      s('审批', '乡镇分管负责人', 3),
      s('发放', '乡镇经办人员', 2),
    ],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['social_assistance'],
    townshipWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000501120000',
    name: '高龄津贴申领',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'promised' },
    legal: null,
    promised: wd(10),
    legalBasis: '《中华人民共和国老年人权益保障法》第三十三条；《四川省老年人权益保障条例》',
    conditions: '具有本县户籍、年满80周岁的老年人',
    materials: [ID_CARD, m('本人或代领人银行账户', { form: 'copy' })],
    steps: [ACCEPT, s('审核', '乡镇经办人员', 5), s('审批', '县民政局经办人员', 5)],
    maxVisits: 0,
    online: false,
    proxy: true,
    themes: ['elderly_care'],
    townshipWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000701001000',
    name: '内地居民结婚登记',
    type: 'administrative_confirmation',
    level: 'county',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条至第七条',
    conditions: '男女双方完全自愿；达到法定婚龄；双方均无配偶；非直系血亲和三代以内旁系血亲',
    materials: [
      m('本人的居民户口簿和居民身份证', { source: 'government' }),
      m('无配偶以及与对方没有直系血亲和三代以内旁系血亲关系的签字声明'),
      m('近期2寸半身免冠合影照片', { copies: 3 }),
    ],
    steps: [ACCEPT, s('审查与登记', '婚姻登记员', 0), s('颁发结婚证', '婚姻登记员', 0)],
    maxVisits: 1,
    online: false,
    appointment: true,
    proxy: false,
    themes: ['marriage'],
    countyWindows: ['general'],
  },
  {
    owner: 'land',
    basicCode: '000701201000',
    name: '不动产登记',
    type: 'administrative_confirmation',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(30),
    promised: wd(5),
    legalBasis: '《中华人民共和国民法典》第二百一十条；《不动产登记暂行条例》第十四条、第二十条',
    conditions: '权利人、利害关系人依法申请，申请材料齐全、符合法定形式',
    materials: [
      m('不动产登记申请书'),
      m('申请人身份证明', { form: 'copy', source: 'government' }),
      m('不动产权属来源证明材料', { form: 'original_and_copy' }),
      m('不动产界址、空间界限、面积等材料', { source: 'intermediary' }),
      m('完税凭证', { required: false, form: 'copy', source: 'government', note: '转移登记时提供' }),
    ],
    steps: [ACCEPT, s('审核', '登记审核人员', 3), s('登簿', '登簿人员', 1), s('缮证发证', '窗口人员', 1)],
    fees: [
      {
        name: '住宅类不动产登记费',
        standard: '80元/件',
        basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
      },
      { name: '非住宅类不动产登记费', standard: '550元/件', basis: '发改价格规〔2016〕2559号' },
      {
        name: '不动产权属证书工本费',
        standard: '第一本免收，每增加一本10元',
        basis: '发改价格规〔2016〕2559号',
      },
    ],
    maxVisits: 1,
    online: true,
    appointment: true,
    proxy: false,
    themes: ['housing'],
    faq: [
      { question: '小微企业需要缴登记费吗？', answer: '按规定免收小微企业（含个体工商户）不动产登记费。' },
    ],
    countyWindows: ['property'],
  },
  {
    owner: 'land',
    basicCode: '000101301000',
    name: '建设工程规划许可证核发',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(10),
    legalBasis: '《中华人民共和国城乡规划法》第四十条；《中华人民共和国行政许可法》第四十二条',
    conditions: '取得国有土地使用权，建设工程设计方案符合控制性详细规划和规划条件',
    materials: [
      m('建设工程规划许可申请表'),
      m('使用土地的有关证明文件', { form: 'copy', source: 'government' }),
      m('建设工程设计方案', { source: 'intermediary' }),
    ],
    steps: licensing('审查', '规划审查人员', 6, '许可决定', 3),
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['housing'],
    countyWindows: ['general'],
  },
  {
    owner: 'health',
    basicCode: '001208001000',
    name: '生育登记',
    type: 'public_service',
    level: 'township',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国人口与计划生育法》第二十条；《四川省生育登记服务管理办法》',
    conditions: '生育子女的公民，在户籍地、现居住地或者就业地均可登记',
    materials: [m('夫妻双方或本人居民身份证', { source: 'government' }), m('生育登记服务表')],
    steps: [ACCEPT, s('登记', '卫生健康经办人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['birth'],
    faq: [{ question: '生育登记需要结婚证吗？', answer: '不需要。按四川省规定，生育登记不再以结婚为前提。' }],
    townshipWindows: ['general'],
  },
  {
    owner: 'health',
    basicCode: '001108002000',
    name: '再生育审批',
    type: 'other_administrative_power',
    level: 'township',
    handling: { kind: 'escalated', targetLevel: 'county' },
    legal: wd(30),
    promised: wd(20),
    legalBasis: '《四川省人口与计划生育条例》第二十二条',
    conditions: '已有子女经鉴定为非遗传性病残、不能成长为正常劳动力等法定情形，申请再生育的夫妻',
    materials: [
      m('再生育申请书'),
      m('夫妻双方居民身份证和结婚证', { form: 'copy', source: 'government' }),
      m('病残儿医学鉴定证明', { source: 'other' }),
    ],
    steps: [ACCEPT, s('乡镇审核', '乡镇卫生健康经办人员', 10), s('审批', '县卫生健康局审批人员', 10)],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['birth'],
    townshipWindows: ['general'],
  },
  {
    owner: 'health',
    basicCode: '000101501000',
    name: '医师执业注册',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(10),
    legalBasis: '《中华人民共和国医师法》第十三条；《医师执业注册管理办法》第十二条',
    conditions: '取得医师资格，身体健康，无不予注册的法定情形，拟执业医疗机构同意聘用',
    materials: [
      m('医师执业注册申请审核表'),
      m('近6个月2寸白底免冠正面半身照片', { copies: 2 }),
      m('医师资格证书', { form: 'original_and_copy', source: 'government' }),
      m('拟执业医疗机构聘用证明'),
      m('县级以上医疗机构出具的健康体检证明', { source: 'other' }),
    ],
    steps: licensing('审查', '卫生健康审查人员', 6, '注册决定', 3),
    maxVisits: 0,
    online: true,
    proxy: false,
    themes: ['medical', 'employment'],
    countyWindows: ['general'],
  },
  {
    owner: 'health',
    basicCode: '000101502000',
    name: '公共场所卫生许可',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(5),
    legalBasis: '《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条',
    conditions: '场所布局、卫生设施和卫生管理制度符合公共场所卫生规范，从业人员取得健康合格证明',
    materials: [
      m('公共场所卫生许可申请表'),
      BUSINESS_LICENSE,
      m('公共场所卫生管理制度'),
      m('卫生检测或评价报告', { source: 'intermediary' }),
      m('从业人员健康合格证明', { form: 'copy', source: 'other' }),
    ],
    steps: licensing('现场审查', '卫生监督员', 3, '许可决定', 1),
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['business_startup'],
    countyWindows: ['business'],
  },
  {
    owner: 'health',
    basicCode: '001208010000',
    name: '老年人优待证办理',
    type: 'public_service',
    level: 'township',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国老年人权益保障法》第五十七条至第六十一条；《四川省老年人优待办法》',
    conditions: '年满60周岁的本县户籍老年人，或在本县居住的外地老年人',
    materials: [ID_CARD, m('近期1寸免冠照片', { required: false, note: '可现场拍照' })],
    steps: [ACCEPT, s('制证发证', '窗口人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['elderly_care'],
    townshipWindows: ['general'],
  },
  {
    owner: 'culture',
    basicCode: '000101601000',
    name: '营业性演出审批',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(3),
    promised: wd(2),
    legalBasis: '《营业性演出管理条例》第十三条；《营业性演出管理条例实施细则》第十五条',
    conditions: '演出举办单位具备相应资质，演出内容不含法律禁止的内容，演出场所符合安全条件',
    materials: [
      m('营业性演出申请登记表'),
      m('演出节目内容材料', { note: '含节目名称、内容说明和演员名单' }),
      m('演出场地合同或者场所经营单位同意使用场地的证明', { form: 'copy' }),
    ],
    steps: [ACCEPT, s('审核', '文化市场审查人员', 1), s('审批决定', '审批负责人', 1)],
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['culture'],
    countyWindows: ['general'],
  },
  {
    owner: 'culture',
    basicCode: '000101602000',
    name: '娱乐场所从事娱乐场所经营活动审批',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(10),
    legalBasis: '《娱乐场所管理条例》第九条、第十一条',
    conditions: '场所符合规划、消防、环保等要求，投资人和从业人员无法定禁止情形',
    materials: [
      m('娱乐场所经营活动申请书'),
      BUSINESS_LICENSE,
      m('投资人、法定代表人、主要负责人的身份证明及无犯罪记录声明', { form: 'copy' }),
    ],
    steps: licensing('实地检查', '文化市场审查人员', 6, '审批决定', 3),
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['culture', 'business_startup'],
    countyWindows: ['general'],
  },
  {
    owner: 'culture',
    basicCode: '001214001000',
    name: '农家书屋借阅',
    type: 'public_service',
    level: 'village',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国公共文化服务保障法》第三十一条；《农家书屋管理办法》',
    conditions: '本县居民均可凭身份证办理借阅证，免费借阅',
    materials: [m('居民身份证或借阅证', { source: 'government' })],
    steps: [s('出示借阅证（首次借阅当场办证）', '书屋管理员', 0), s('借阅登记', '书屋管理员', 0)],
    maxVisits: 1,
    online: false,
    proxy: false,
    themes: ['culture'],
    place: '各村（社区）农家书屋；全县图书馆分馆通借通还',
  },
  {
    owner: 'medicare',
    basicCode: '001217004000',
    name: '医保异地就医备案',
    type: 'public_service',
    level: 'county',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis:
      '《中华人民共和国社会保险法》第二十九条；《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）',
    conditions: '参加本县基本医疗保险，异地长期居住、工作或临时外出就医的参保人员',
    materials: [ID_CARD, m('异地就医备案表', { note: '网上办理时在线填写' })],
    steps: [ACCEPT, s('备案', '医保经办人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['medical'],
    countyWindows: ['social'],
    townshipWindows: ['social'],
  },
  {
    owner: 'medicare',
    basicCode: '001217001000',
    name: '城乡居民基本医疗保险参保登记',
    type: 'public_service',
    level: 'township',
    handling: { kind: 'on_the_spot' },
    legal: null,
    promised: SAME_DAY,
    legalBasis: '《中华人民共和国社会保险法》第二十五条；《医疗保障基金使用监督管理条例》',
    conditions: '未参加职工基本医疗保险的城乡居民',
    materials: [
      ID_CARD,
      m('居民户口簿', { required: false, source: 'government', note: '新生儿参保时提供' }),
    ],
    steps: [ACCEPT, s('参保登记', '医保经办人员', 0)],
    maxVisits: 0,
    online: true,
    proxy: true,
    themes: ['medical'],
    townshipWindows: ['social'],
  },
  {
    owner: 'medicare',
    basicCode: '000501301000',
    name: '医疗救助申请',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'escalated', targetLevel: 'county' },
    legal: wd(30),
    promised: wd(20),
    legalBasis:
      '《社会救助暂行办法》第二十七条至第三十二条；《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）',
    conditions: '最低生活保障对象、特困人员、低保边缘家庭成员等救助对象，个人负担的医疗费用超过规定标准',
    materials: [
      m('医疗救助申请表'),
      ID_CARD,
      m('医疗费用票据和费用清单', { form: 'original_and_copy', source: 'other' }),
    ],
    steps: [ACCEPT, s('乡镇初审', '乡镇经办人员', 10), s('审核审批', '县医疗保障局审批人员', 10)],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['medical', 'social_assistance'],
    townshipWindows: ['social'],
  },
  {
    owner: 'forestry',
    basicCode: '000101801000',
    name: '林木采伐许可',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(3),
    legalBasis: '《中华人民共和国森林法》第五十六条至第五十八条；《中华人民共和国森林法实施条例》第三十条',
    conditions: '采伐林木符合采伐限额和技术规程，林木权属清楚',
    materials: [
      m('林木采伐申请表'),
      m('林木所有权或者使用权证明', { form: 'copy', source: 'government' }),
      m('采伐作业设计或者采伐地点、面积、树种、蓄积量说明', {
        note: '农村居民采伐自留山和个人承包集体林地上的林木可简化',
      }),
    ],
    steps: [ACCEPT, s('审核（含现场查验）', '林业审查人员', 2), s('发证', '审批负责人', 1)],
    maxVisits: 1,
    online: true,
    proxy: true,
    themes: ['farming'],
    countyWindows: ['general'],
    townshipWindows: ['general'],
  },
  {
    owner: 'forestry',
    basicCode: '000101802000',
    name: '林草种子生产经营许可证核发',
    type: 'administrative_license',
    level: 'county',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(10),
    legalBasis: '《中华人民共和国种子法》第三十一条、第三十二条；《林木种子生产经营许可证管理办法》',
    conditions: '具有与种子生产经营相适应的生产经营设施、设备及专业技术人员',
    materials: [m('林草种子生产经营许可证申请表'), BUSINESS_LICENSE, m('生产经营设施设备及技术人员情况说明')],
    steps: licensing('审查', '林业审查人员', 6, '许可决定', 3),
    maxVisits: 1,
    online: true,
    proxy: false,
    themes: ['farming'],
    countyWindows: ['general'],
  },
  {
    owner: 'disabled',
    basicCode: '001220001000',
    name: '残疾人证申领',
    type: 'public_service',
    level: 'county',
    handling: { kind: 'joint', lead: 'disabled', participants: ['health'] },
    legal: wd(45),
    promised: wd(20),
    legalBasis: '《中华人民共和国残疾人保障法》第二条；《中华人民共和国残疾人证管理办法》第八条至第十一条',
    conditions: '符合残疾标准的本县户籍居民（由本人或监护人申请）',
    materials: [
      m('残疾人证申请表'),
      HOUSEHOLD,
      m('近期2寸免冠白底彩色照片', { copies: 3 }),
      m('监护人身份证明', { required: false, form: 'copy', note: '监护人代为申请时提供' }),
    ],
    steps: [ACCEPT, s('残疾评定', '县卫生健康局指定评定机构', 10), s('审核发证', '县残联经办人员', 10)],
    maxVisits: 1,
    online: true,
    proxy: true,
    themes: ['disability'],
    countyWindows: ['general'],
    townshipWindows: ['social'],
  },
  {
    owner: 'civil',
    basicCode: '000501121000',
    name: '困难残疾人生活补贴和重度残疾人护理补贴申领',
    type: 'administrative_payment',
    level: 'township',
    handling: { kind: 'joint', lead: 'civil', participants: ['disabled'] },
    legal: wd(45),
    promised: wd(20),
    legalBasis: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
    conditions: '持有第二代残疾人证的低保家庭残疾人（生活补贴）或残疾等级为一、二级的残疾人（护理补贴）',
    materials: [
      m('残疾人两项补贴申请审批表'),
      ID_CARD,
      m('残疾人证', { form: 'copy', source: 'government' }),
    ],
    steps: [ACCEPT, s('乡镇审核', '乡镇经办人员', 10), s('审定', '县民政局、县残联', 10)],
    maxVisits: 0,
    online: false,
    proxy: true,
    themes: ['disability', 'social_assistance'],
    townshipWindows: ['social'],
  },
  {
    owner: 'township',
    basicCode: '000101901000',
    name: '农村宅基地用地审批',
    type: 'administrative_license',
    level: 'township',
    handling: { kind: 'promised' },
    legal: wd(20),
    promised: wd(15),
    legalBasis:
      '《中华人民共和国土地管理法》第六十二条；《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）',
    conditions: '本集体经济组织成员以户为单位申请，一户一宅，符合国土空间规划和村庄规划',
    materials: [
      m('农村宅基地和建房（规划许可）申请表'),
      m('农村宅基地使用承诺书'),
      HOUSEHOLD,
      m('村民小组会议记录和村级审查意见', { source: 'other' }),
    ],
    steps: [
      ACCEPT,
      s('联审（农业农村、自然资源、林业等）', '乡镇审查人员', 10),
      s('审批', '乡镇人民政府', 4),
      s('发放批准书', '窗口人员', 1),
    ],
    maxVisits: 1,
    online: false,
    proxy: true,
    themes: ['housing', 'farming'],
    townshipWindows: ['general'],
  },
];

const PUBLISHER = '系统（演示数据）';

type ItemRow = Insertable<CatalogItemsTable> & { id: string };

/**
 * Publishes the demo catalog for a freshly seeded demo county, in a few bulk inserts. Township items of
 * a county bureau are accepted at every township center's window; township-owned items (农村宅基地用地
 * 审批) exist once per township, each handled by its own center.
 */
export async function seedDemoCatalog(ctx: AppContext): Promise<void> {
  const county = ctx.config.demoCounty;
  const orgs = await ctx.db
    .selectFrom('orgs')
    .select(['code', 'path', 'name', 'kind', 'parent_code'])
    .where('county_code', '=', county)
    .where('kind', 'in', ['county', 'township', 'department', 'center', 'window'])
    .execute();
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const countyOrg = byCode.get(county);
  if (!countyOrg) return;
  const townships = orgs.filter((o) => o.kind === 'township').sort((a, b) => (a.code < b.code ? -1 : 1));
  const deptCode = (d: Dept) => `${county}-${DEPT[d]}`;
  const countyCenter = byCode.get(`${county}-1`);
  const now = ctx.now();

  const items: ItemRow[] = [];
  const versions: Insertable<CatalogVersionsTable>[] = [];
  const windows: Insertable<CatalogPlacementsTable>[] = [];
  const proxies: Insertable<CatalogPlacementsTable>[] = [];

  const add = (
    spec: DemoItem,
    owner: { code: string; path: string },
    township: (typeof townships)[number] | null,
  ) => {
    const id = randomUUID();
    const windowCodes = [
      ...(spec.countyWindows ?? []).map((w) => `${county}-1-${COUNTY_WINDOWS[w]}`),
      ...(township ? [township] : townships).flatMap((t) =>
        (spec.townshipWindows ?? []).map((w) => `${t.code}-1-${TOWNSHIP_WINDOWS[w]}`),
      ),
    ].filter((code) => byCode.has(code));
    const placeParts: string[] = [];
    if (spec.countyWindows?.length && countyCenter) {
      const names = spec.countyWindows.map((w) => byCode.get(`${county}-1-${COUNTY_WINDOWS[w]}`)?.name ?? '');
      placeParts.push(`${countyCenter.name}${names.join('、')}`);
    }
    if (spec.townshipWindows?.length) {
      const windowName = spec.townshipWindows
        .map((w) => (w === 'general' ? '综合窗口' : '社保民政窗口'))
        .join('、');
      placeParts.push(`${township ? township.name : '各乡镇（街道）'}便民服务中心${windowName}`);
    }
    const draft: ItemDraft = {
      departmentCode: owner.code,
      level: spec.level,
      basicCode: spec.basicCode,
      implementationCode: `11${owner.code.replace(/-/g, '')}MB${spec.basicCode}`,
      name: spec.name,
      type: spec.type,
      legalBasis: spec.legalBasis,
      conditions: spec.conditions,
      materials: spec.materials,
      steps: spec.steps,
      legalLimit: spec.legal,
      promisedLimit: spec.promised,
      handling: {
        kind: spec.handling.kind,
        lead: spec.handling.lead ? deptCode(spec.handling.lead) : null,
        participants: (spec.handling.participants ?? []).map(deptCode),
        targetLevel: spec.handling.targetLevel ?? null,
      },
      charged: Boolean(spec.fees?.length),
      fees: spec.fees ?? [],
      place: spec.place ?? placeParts.join('；'),
      hours: spec.level === 'county' ? COUNTY_HOURS : TOWNSHIP_HOURS,
      consultPhone: township
        ? `0818-82301${String(townships.indexOf(township)).padStart(2, '0')}`
        : CONSULT_PHONES[spec.owner],
      complaintPhone: '12345',
      onlineApply: spec.online,
      appointment: spec.appointment ?? false,
      proxyAllowed: spec.proxy,
      maxVisits: spec.maxVisits,
      themes: spec.themes,
      faq: spec.faq ?? [],
    };
    items.push({ id, ...itemRow(owner, draft, PUBLISHER, now) });
    versions.push(versionRow(id, 1, draft, { id: null, name: PUBLISHER }, now, 'published'));
    for (const code of windowCodes) {
      windows.push({ item_id: id, org_code: code, org_path: byCode.get(code)!.path, created_by: PUBLISHER });
    }
    if (spec.proxy) {
      for (const t of township ? [township] : townships) {
        proxies.push({ item_id: id, org_code: t.code, org_path: t.path, created_by: PUBLISHER });
      }
    }
  };

  for (const spec of DEMO_ITEMS) {
    if (spec.owner === 'township') {
      for (const t of townships) {
        const center = byCode.get(`${t.code}-1`);
        if (center) add(spec, center, t);
      }
    } else {
      const dept = byCode.get(deptCode(spec.owner));
      if (dept) add(spec, dept, null);
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('catalog_items').values(items).execute();
    await trx.insertInto('catalog_versions').values(versions).execute();
    if (windows.length) await trx.insertInto('catalog_item_windows').values(windows).execute();
    if (proxies.length) await trx.insertInto('catalog_item_proxies').values(proxies).execute();
  });
}
