import { type CategoryInput, validateCategory } from '../../core/hotline/catalog.ts';
import { pinyinInitials } from '../../core/org/pinyin.ts';
import type { AppContext } from '../context.ts';
import { categoryColumns } from './hotline-store.ts';

/**
 * The demo county's dispatch catalog (派单目录). Limits follow the urgency classes of DESIGN.md, with
 * the unit chosen per category: urgent matters (water cut) run on natural hours; matters that must not
 * wait over a weekend or holiday (a dark street, noise at night) on natural days; the rest on working
 * days. Targets are the demo network's departments (511723-2 市场监督管理局, -3 人力资源和社会保障局,
 * -4 民政局, -5 自然资源和规划局, -8 医疗保障局) and, where the matter is local, any township.
 */
type Seed = Omit<CategoryInput, 'maxExtension' | 'active' | 'keywords' | 'description'> &
  Partial<Pick<CategoryInput, 'maxExtension' | 'keywords' | 'description'>>;

const opt = (key: string, name: string) => ({ key, name });

function categories(county: string): Seed[] {
  const dept = (n: number) => `${county}-${n}`;
  return [
    {
      code: 'CITY',
      name: '城乡管理',
      parentCode: null,
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      targets: [],
      anyTownship: true,
      attributes: [],
    },
    {
      code: 'ROAD',
      name: '道路破损',
      parentCode: 'CITY',
      description: '道路坑洼、塌陷、积水等，由属地乡镇核实处置。',
      keywords: '路面,坑,塌陷,积水',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 5,
      targets: [dept(5)],
      anyTownship: true,
      attributes: [
        {
          code: 'road_type',
          datatype: 'singlevaluelist',
          required: true,
          variable: true,
          description: '道路类型',
          datatypeDescription: null,
          order: 1,
          values: [
            opt('county', '县道'),
            opt('township', '乡道'),
            opt('village', '村道'),
            opt('street', '城区街道'),
          ],
        },
        {
          code: 'damage',
          datatype: 'multivaluelist',
          required: false,
          variable: true,
          description: '破损情况（可多选）',
          datatypeDescription: null,
          order: 2,
          values: [
            opt('pothole', '坑洼'),
            opt('crack', '裂缝'),
            opt('collapse', '塌陷'),
            opt('water', '积水'),
          ],
        },
        {
          code: 'area',
          datatype: 'number',
          required: false,
          variable: true,
          description: '大约面积（平方米）',
          datatypeDescription: '数字',
          order: 3,
          values: [],
        },
      ],
    },
    {
      code: 'LIGHT',
      name: '路灯不亮',
      parentCode: 'CITY',
      description: '路灯不亮或损坏，5 个自然日内修复（夜间安全不等节假日）。',
      keywords: '路灯,照明',
      urgency: 'general',
      limit: { value: 5, unit: 'natural_days' },
      maxExtension: 3,
      targets: [],
      anyTownship: true,
      attributes: [
        {
          code: 'pole',
          datatype: 'string',
          required: false,
          variable: true,
          description: '灯杆编号',
          datatypeDescription: '灯杆上喷涂的编号',
          order: 1,
          values: [],
        },
      ],
    },
    {
      code: 'NOISE',
      name: '噪声扰民',
      parentCode: 'CITY',
      description: '施工、商铺、广场舞等噪声，3 个自然日内处置。',
      keywords: '噪音,吵',
      urgency: 'general',
      limit: { value: 3, unit: 'natural_days' },
      targets: [],
      anyTownship: true,
      attributes: [
        {
          code: 'time',
          datatype: 'singlevaluelist',
          required: true,
          variable: true,
          description: '发生时段',
          datatypeDescription: null,
          order: 1,
          values: [opt('day', '白天'), opt('night', '夜间（22 时至次日 6 时）')],
        },
        {
          code: 'source',
          datatype: 'multivaluelist',
          required: false,
          variable: true,
          description: '噪声来源（可多选）',
          datatypeDescription: null,
          order: 2,
          values: [
            opt('construction', '建筑施工'),
            opt('shop', '商铺'),
            opt('dance', '广场舞'),
            opt('other', '其他'),
          ],
        },
      ],
    },
    {
      code: 'SANITATION',
      name: '环境卫生',
      parentCode: 'CITY',
      description: '垃圾未清运、污水、公厕等。',
      keywords: '垃圾,污水,厕所',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 5,
      targets: [],
      anyTownship: true,
      attributes: [
        {
          code: 'kind',
          datatype: 'multivaluelist',
          required: false,
          variable: true,
          description: '问题类型（可多选）',
          datatypeDescription: null,
          order: 1,
          values: [opt('garbage', '垃圾未清运'), opt('sewage', '污水'), opt('toilet', '公厕')],
        },
      ],
    },
    {
      code: 'LIVING',
      name: '民生保障',
      parentCode: null,
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      targets: [dept(4)],
      anyTownship: true,
      attributes: [],
    },
    {
      code: 'WATER',
      name: '停水漏水',
      parentCode: 'LIVING',
      description: '停水、爆管、漏水，2 小时内响应处置。',
      keywords: '停水,爆管,漏水,自来水',
      urgency: 'urgent',
      limit: { value: 2, unit: 'hours' },
      maxExtension: 4,
      targets: [],
      anyTownship: true,
      attributes: [
        {
          code: 'scope',
          datatype: 'singlevaluelist',
          required: true,
          variable: true,
          description: '影响范围',
          datatypeDescription: null,
          order: 1,
          values: [opt('household', '一户'), opt('building', '一栋楼'), opt('area', '片区')],
        },
      ],
    },
    {
      code: 'ASSIST',
      name: '社会救助咨询',
      parentCode: 'LIVING',
      description: '低保、特困供养、临时救助的政策咨询和申请指引。',
      keywords: '低保,救助,特困',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 5,
      targets: [dept(4)],
      anyTownship: true,
      attributes: [
        {
          code: 'assistance',
          datatype: 'singlevaluelist',
          required: false,
          variable: true,
          description: '咨询事项',
          datatypeDescription: null,
          order: 1,
          values: [opt('dibao', '最低生活保障'), opt('tekun', '特困人员供养'), opt('temporary', '临时救助')],
        },
      ],
    },
    {
      code: 'SOCIAL',
      name: '社保医保',
      parentCode: 'LIVING',
      keywords: '社保,医保,养老金,报销',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 5,
      targets: [dept(3), dept(8)],
      anyTownship: false,
      attributes: [],
    },
    {
      code: 'WAGE',
      name: '拖欠工资',
      parentCode: 'LIVING',
      description: '农民工工资拖欠，15 个工作日内办结。',
      keywords: '欠薪,工资,农民工',
      urgency: 'complex',
      limit: { value: 15, unit: 'working_days' },
      maxExtension: 15,
      targets: [dept(3)],
      anyTownship: false,
      attributes: [
        {
          code: 'workers',
          datatype: 'number',
          required: false,
          variable: true,
          description: '涉及人数',
          datatypeDescription: '数字',
          order: 1,
          values: [],
        },
        {
          code: 'since',
          datatype: 'datetime',
          required: false,
          variable: true,
          description: '拖欠开始日期',
          datatypeDescription: 'YYYY-MM-DD',
          order: 2,
          values: [],
        },
      ],
    },
    {
      code: 'MARKET',
      name: '市场监管',
      parentCode: null,
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      targets: [dept(2)],
      anyTownship: false,
      attributes: [],
    },
    {
      code: 'FOOD',
      name: '食品安全',
      parentCode: 'MARKET',
      keywords: '过期,变质,餐馆,食品',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      maxExtension: 5,
      targets: [dept(2)],
      anyTownship: false,
      attributes: [
        {
          code: 'place',
          datatype: 'string',
          required: true,
          variable: true,
          description: '商户或餐馆名称',
          datatypeDescription: null,
          order: 1,
          values: [],
        },
        {
          code: 'bought',
          datatype: 'datetime',
          required: false,
          variable: true,
          description: '购买或就餐日期',
          datatypeDescription: 'YYYY-MM-DD',
          order: 2,
          values: [],
        },
      ],
    },
    {
      code: 'PRICE',
      name: '价格收费',
      parentCode: 'MARKET',
      keywords: '乱收费,价格,明码标价',
      urgency: 'general',
      limit: { value: 7, unit: 'working_days' },
      targets: [dept(2)],
      anyTownship: false,
      attributes: [],
    },
    {
      code: 'LAND',
      name: '土地纠纷',
      parentCode: null,
      description: '承包地、宅基地权属纠纷，需调查核实，15 个工作日内办结。',
      keywords: '宅基地,承包地,边界',
      urgency: 'complex',
      limit: { value: 15, unit: 'working_days' },
      maxExtension: 15,
      targets: [dept(5)],
      anyTownship: true,
      attributes: [],
    },
  ];
}

/** Seeds the demo catalog once (it does nothing when the county already has one). */
export async function seedDemoHotline(ctx: AppContext, county = ctx.config.demoCounty): Promise<void> {
  const existing = await ctx.db
    .selectFrom('hotline_categories')
    .select('id')
    .where('county_code', '=', county)
    .limit(1)
    .executeTakeFirst();
  if (existing) return;
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const seed of categories(county)) {
      const checked = validateCategory(seed);
      if (!checked.ok) throw new Error(`demo hotline category ${seed.code}: ${checked.errors[0]?.message}`);
      await trx
        .insertInto('hotline_categories')
        .values({
          county_code: county,
          ...categoryColumns(checked.value, pinyinInitials(checked.value.name)),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
}
