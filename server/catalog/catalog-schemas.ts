import { type TSchema, Type } from 'typebox';
import { codesOf, ITEM_LEVELS, THEMES, VERSION_STATUSES } from '../../core/catalog/vocabulary.ts';
import { ORG_CODE_PATTERN } from '../../core/org/codes.ts';
import { PageQuery, ProblemSchema } from '../http/schemas.ts';

// Request bodies give the shape; core/catalog/validate.ts gives the rules (required fields, known codes,
// limits), so every rule answers with the same field path and code whether it came from the API or a
// spreadsheet row.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (description: string, maxLength = 10_000) => Type.String({ maxLength, description });
const strict = { additionalProperties: false } as const;

export const Uuid = Type.String({ format: 'uuid' });

const LimitIn = Type.Object(
  {
    value: Type.Integer({ description: '天数；0 个工作日即当天办结' }),
    unit: Type.String({ description: 'working_days 工作日 | natural_days 自然日' }),
  },
  strict,
);

const MaterialIn = Type.Object(
  {
    name: Type.Optional(Text('材料名称')),
    required: Type.Optional(Type.Boolean({ description: '是否必要' })),
    form: Type.Optional(
      Text('original 原件 | copy 复印件 | original_and_copy 原件和复印件 | electronic 电子材料'),
    ),
    copies: Type.Optional(Type.Integer({ description: '份数（1–99）' })),
    source: Type.Optional(
      Text('applicant 申请人自备 | government 政府部门核发 | intermediary 中介机构出具 | other'),
    ),
    note: Type.Optional(Nullable(Text('备注'))),
    blankFileId: Type.Optional(Nullable(Text('空白表格文件 id（上传后得到）', 40))),
    sampleFileId: Type.Optional(Nullable(Text('填写范本文件 id', 40))),
  },
  strict,
);

const GuideInProps = {
  name: Type.Optional(Text('事项名称', 200)),
  type: Type.Optional(Text('事项类型：administrative_license 行政许可 … public_service 公共服务')),
  legalBasis: Type.Optional(Text('设定依据')),
  conditions: Type.Optional(Text('受理条件')),
  materials: Type.Optional(Type.Array(MaterialIn, { maxItems: 200 })),
  steps: Type.Optional(
    Type.Array(
      Type.Object(
        {
          name: Type.Optional(Text('环节名称')),
          role: Type.Optional(Text('办理人员（受理人员、审核人员…）')),
          limit: Type.Optional(Nullable(LimitIn)),
        },
        strict,
      ),
      { maxItems: 200 },
    ),
  ),
  legalLimit: Type.Optional(Nullable(LimitIn)),
  promisedLimit: Type.Optional(LimitIn),
  handling: Type.Optional(
    Type.Object(
      {
        kind: Type.Optional(Text('on_the_spot 即办 | promised 承诺 | joint 联办 | escalated 上报')),
        lead: Type.Optional(Nullable(Text('联办牵头部门代码', 40))),
        participants: Type.Optional(Type.Array(Text('联办配合部门代码', 40), { maxItems: 50 })),
        targetLevel: Type.Optional(Nullable(Text('上报到：province | city | county | township', 20))),
      },
      strict,
    ),
  ),
  charged: Type.Optional(Type.Boolean({ description: '是否收费' })),
  fees: Type.Optional(
    Type.Array(
      Type.Object(
        {
          name: Type.Optional(Text('收费项目')),
          standard: Type.Optional(Text('收费标准')),
          basis: Type.Optional(Text('收费依据')),
        },
        strict,
      ),
      { maxItems: 200 },
    ),
  ),
  place: Type.Optional(Text('办理地点')),
  hours: Type.Optional(Text('办理时间')),
  consultPhone: Type.Optional(Text('咨询电话', 40)),
  complaintPhone: Type.Optional(Text('监督投诉电话', 40)),
  onlineApply: Type.Optional(Type.Boolean({ description: '可网上办理' })),
  appointment: Type.Optional(Type.Boolean({ description: '可预约办理' })),
  proxyAllowed: Type.Optional(Type.Boolean({ description: '可由村代办员代办' })),
  maxVisits: Type.Optional(Type.Integer({ description: '最多跑动次数（0 零跑动，1 最多跑一次）' })),
  themes: Type.Optional(Type.Array(Text(codesOf(THEMES).join(' | '), 40), { maxItems: 50 })),
  faq: Type.Optional(
    Type.Array(
      Type.Object({ question: Type.Optional(Text('问题')), answer: Type.Optional(Text('解答')) }, strict),
      { maxItems: 200 },
    ),
  ),
};

export const CreateItemBody = Type.Object(
  {
    departmentCode: Type.Optional(Text('办理部门（实施主体）机构代码', 40)),
    level: Type.Optional(Text('办理层级：county 县级 | township 乡镇级 | village 村级', 20)),
    basicCode: Type.Optional(Text('基本编码', 64)),
    implementationCode: Type.Optional(Text('实施编码（唯一）', 64)),
    ...GuideInProps,
  },
  strict,
);

export const EditDraftBody = Type.Object(GuideInProps, strict);

// ---------------------------------------------------------------------------------------------------
// Responses

const LimitOut = Type.Object({ value: Type.Integer(), unit: Type.String() });
const MaterialOut = Type.Object({
  name: Type.String(),
  required: Type.Boolean(),
  form: Type.String(),
  copies: Type.Integer(),
  source: Type.String(),
  note: Nullable(Type.String()),
  blankFileId: Nullable(Type.String()),
  sampleFileId: Nullable(Type.String()),
});
const StepOut = Type.Object({ name: Type.String(), role: Type.String(), limit: Nullable(LimitOut) });
const FeeOut = Type.Object({ name: Type.String(), standard: Type.String(), basis: Type.String() });
const FaqOut = Type.Object({ question: Type.String(), answer: Type.String() });
const HandlingOut = Type.Object({
  kind: Type.String(),
  lead: Nullable(Type.String()),
  participants: Type.Array(Type.String()),
  targetLevel: Nullable(Type.String()),
});

const guideOutProps = {
  name: Type.String(),
  type: Type.String(),
  legalBasis: Type.String(),
  conditions: Type.String(),
  steps: Type.Array(StepOut),
  legalLimit: Nullable(LimitOut),
  promisedLimit: LimitOut,
  handling: HandlingOut,
  charged: Type.Boolean(),
  fees: Type.Array(FeeOut),
  place: Type.String(),
  hours: Type.String(),
  consultPhone: Type.String(),
  complaintPhone: Type.String(),
  onlineApply: Type.Boolean(),
  appointment: Type.Boolean(),
  proxyAllowed: Type.Boolean(),
  maxVisits: Type.Integer(),
  themes: Type.Array(Type.String()),
  faq: Type.Array(FaqOut),
};

const NullableDate = Nullable(Type.String({ format: 'date-time' }));
const NullableText = Nullable(Type.String());

export const VersionSchema = Type.Object(
  {
    id: Type.String(),
    itemId: Type.String(),
    version: Type.Integer(),
    status: Type.Enum(codesOf(VERSION_STATUSES)),
    countyCode: Type.String(),
    departmentCode: Type.String(),
    departmentName: Type.String(),
    level: Type.String(),
    basicCode: Type.String(),
    implementationCode: Type.String(),
    ...guideOutProps,
    materials: Type.Array(MaterialOut),
    authorIds: Type.Array(Type.String(), {
      description: '起草、修改、提交过本版本的人员 id：他们不能审核本版本',
    }),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: NullableText,
    updatedAt: Type.String({ format: 'date-time' }),
    updatedBy: NullableText,
    submittedAt: NullableDate,
    submittedBy: NullableText,
    returnedAt: NullableDate,
    returnedBy: NullableText,
    returnReason: NullableText,
    publishedAt: NullableDate,
    publishedBy: NullableText,
    retiredAt: NullableDate,
    retiredBy: NullableText,
  },
  { $id: 'CatalogVersion' },
);

const VersionSummary = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  createdBy: NullableText,
  updatedAt: Type.String(),
  submittedAt: NullableDate,
  publishedAt: NullableDate,
  retiredAt: NullableDate,
});

export const Placement = Type.Object({ code: Type.String(), name: Type.String(), parentName: Type.String() });

export const ItemListEntry = Type.Object({
  id: Type.String(),
  implementationCode: Type.String(),
  basicCode: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  level: Type.String(),
  name: Type.String(),
  type: Type.String(),
  handlingKind: Type.String(),
  latest: Type.Object({ id: Type.String(), version: Type.Integer(), status: Type.String() }),
  published: Nullable(Type.Object({ id: Type.String(), version: Type.Integer(), publishedAt: NullableDate })),
});

export const ItemDetail = Type.Object({
  id: Type.String(),
  countyCode: Type.String(),
  implementationCode: Type.String(),
  basicCode: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  level: Type.String(),
  versions: Type.Array(VersionSummary),
  windows: Type.Array(Placement),
  proxies: Type.Array(Placement),
});

export const Comparison = Type.Object({
  from: VersionSummary,
  to: VersionSummary,
  changes: Type.Array(
    Type.Object({
      field: Type.String({ description: 'JSON 路径，如 materials[2].copies' }),
      before: Type.Unknown(),
      after: Type.Unknown(),
    }),
  ),
});

export const FileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

export const ItemQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: '名称、拼音首字母、实施编码或基本编码' }),
  ),
  department: Type.Optional(Type.String({ pattern: ORG_CODE_PATTERN, description: '办理部门（含下级）' })),
  theme: Type.Optional(Type.Enum(codesOf(THEMES))),
  level: Type.Optional(Type.Enum(codesOf(ITEM_LEVELS))),
  status: Type.Optional(
    Type.Enum(codesOf(VERSION_STATUSES), { description: '有该状态版本的事项（如 review 待审核）' }),
  ),
  window: Type.Optional(
    Type.String({ pattern: ORG_CODE_PATTERN, description: '由该窗口（或该机构下的窗口）受理' }),
  ),
});

// ---------------------------------------------------------------------------------------------------
// Portal

const FileLink = Nullable(
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    contentType: Type.String(),
    size: Type.Integer(),
    url: Type.String(),
  }),
);

export const GuideQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 50, description: '事项名称或拼音首字母（如 gtgsh）' })),
  department: Type.Optional(Type.String({ pattern: ORG_CODE_PATTERN, description: '办理部门' })),
  theme: Type.Optional(Type.Enum(codesOf(THEMES))),
  level: Type.Optional(Type.Enum(codesOf(ITEM_LEVELS))),
  org: Type.Optional(
    Type.String({
      pattern: ORG_CODE_PATTERN,
      description: '所在地（县、乡镇或村）：在此办理、受理或可代办的事项',
    }),
  ),
});

export const GuideListEntry = Type.Object({
  itemId: Type.String(),
  versionId: Type.String(),
  version: Type.Integer(),
  name: Type.String(),
  type: Type.String(),
  departmentCode: Type.String(),
  departmentName: Type.String(),
  level: Type.String(),
  handlingKind: Type.String(),
  promisedLimit: LimitOut,
  maxVisits: Type.Integer(),
  badge: Nullable(Type.String({ description: 'zero_visit 零跑动 | at_most_once 最多跑一次' })),
  themes: Type.Array(Type.String()),
  onlineApply: Type.Boolean(),
  proxyAllowed: Type.Boolean(),
  charged: Type.Boolean(),
});

export const PublicGuideSchema = Type.Object(
  {
    itemId: Type.String(),
    versionId: Type.String(),
    version: Type.Integer(),
    publishedAt: NullableDate,
    implementationCode: Type.String(),
    basicCode: Type.String(),
    department: Type.Object({ code: Type.String(), name: Type.String() }),
    level: Type.String(),
    ...guideOutProps,
    materials: Type.Array(
      Type.Intersect([MaterialOut, Type.Object({ blankFile: FileLink, sampleFile: FileLink })]),
    ),
    leadName: NullableText,
    participantNames: Type.Array(Type.String()),
    badge: Nullable(Type.String()),
    fivePublics: Type.Object({
      service: Type.Object({
        badge: Nullable(Type.String()),
        maxVisits: Type.Integer(),
        onlineApply: Type.Boolean(),
        proxyAllowed: Type.Boolean(),
      }),
      procedure: Type.Object({ steps: Type.Integer() }),
      materials: Type.Object({
        total: Type.Integer(),
        required: Type.Integer(),
        originals: Type.Integer(),
        copies: Type.Integer(),
      }),
      timeLimit: Type.Object({
        legal: Nullable(LimitOut),
        promised: LimitOut,
        sameDay: Type.Boolean(),
        shortenedPercent: Nullable(Type.Integer()),
      }),
      fees: Type.Object({ charged: Type.Boolean(), items: Type.Integer() }),
    }),
    expectedCompletion: Nullable(
      Type.String({ description: '今天申请、按承诺时限办结的日期（北京时间）；日历未加载时为 null' }),
    ),
    today: Type.String(),
    windows: Type.Array(Placement),
    proxy: Type.Object({ possible: Type.Boolean(), places: Type.Array(Placement) }),
  },
  { $id: 'PublicGuide' },
);

export const CountedTerm = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  count: Type.Integer(),
});

// ---------------------------------------------------------------------------------------------------
// Import report

/** The shared Problem with row and column on each error: where in the spreadsheet the problem is. */
export const ImportProblem = Type.Object({
  ...Type.Omit(ProblemSchema, ['errors']).properties,
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        row: Type.Optional(Type.Integer({ description: '表格行号（表头为第 1 行）' })),
        column: Type.Optional(Type.String({ description: '列名' })),
        field: Type.String(),
        in: Type.Optional(Type.String()),
        code: Type.Optional(Type.String()),
        message: Type.String(),
      }),
    ),
  ),
});

export const ImportResult = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  items: Type.Array(
    Type.Object({
      row: Type.Integer(),
      itemId: Type.String(),
      versionId: Type.String(),
      implementationCode: Type.String(),
      created: Type.Boolean(),
    }),
  ),
});
