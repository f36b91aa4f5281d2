/**
 * The fixed wording of the case documents (文书). These are official Chinese documents: they exist in
 * Chinese only, whatever language the person printing them reads the console in, so their text is kept
 * here in one reviewable file rather than in the zh-CN/en i18n bundles (an English rendering would have
 * no legal effect). Sentences that cite a statute say so in the comment beside them; the renderer only
 * arranges these pieces, so a legal review of the documents is a review of this file.
 *
 * Placeholders are function parameters, already formatted (dates as 2026年11月23日, amounts in 元).
 */
import type { CaseDocumentKind } from './case-document.ts';

/** Document titles. The decision's title depends on the outcome and on whether the item is a licence. */
export const TITLES: Record<Exclude<CaseDocumentKind, 'decision'>, string> = {
  receipt: '收件回执',
  acceptance: '受理通知书',
  notice: '补正材料一次性告知书',
  refusal: '不予受理通知书',
  special_procedure: '特别程序告知书',
  extension: '延长办理期限告知书',
  fee_receipt: '缴费凭证',
};

export const DECISION_TITLES = {
  license: { approved: '准予行政许可决定书', denied: '不予行政许可决定书' },
  other: { approved: '准予办理决定书', denied: '不予办理决定书' },
} as const;

/** The short word before 〔year〕 in a default document number: 受〔2026〕511723-1-20260310-0007号. */
export const NUMBER_PREFIXES: Record<CaseDocumentKind, string> = {
  receipt: '收',
  acceptance: '受',
  notice: '补',
  refusal: '不受',
  special_procedure: '特',
  extension: '延',
  decision: '决',
  fee_receipt: '缴',
};

export const documentNumber = (prefix: string, year: number, caseNumber: string) =>
  `${prefix}〔${year}〕${caseNumber}号`;

/** Labels of the info table, the lists and the footer. */
export const LABELS = {
  documentNumber: '文书编号',
  receiptNumber: '凭证号码',
  caseNumber: '办件编号',
  queryCode: '查询码',
  itemName: '申请事项',
  applicant: '申请人',
  personId: '身份证号码',
  creditCode: '统一社会信用代码',
  phone: '联系电话',
  receivedAt: '收件时间',
  acceptedAt: '受理日期',
  handler: '经办人',
  collectedBy: '收款人',
  payer: '缴款人',
  paidAt: '缴费时间',
  payMethod: '缴费方式',
  collector: '收款单位',
  index: '序号',
  materialName: '材料名称',
  materialForm: '形式',
  copies: '份数',
  missingName: '需补正的材料',
  missingRequirement: '补正要求',
  feeName: '收费项目',
  feeAmount: '金额（元）',
  feeTotal: '合计',
  none: '（无）',
  noValue: '—',
  consultPhone: '咨询电话',
  complaintPhone: '投诉电话',
  applicantSignature: '申请人签收：',
  signatureDate: '年　　月　　日',
  seal: '（印章）',
  qrCaption: '扫码查询办理进度',
  procedureKind: '特别程序种类',
  procedureStart: '开始日期',
  procedureDuration: '预计所需时间',
  page: (page: number, pages: number) => `第 ${page} 页　共 ${pages} 页`,
} as const;

export const UNITS = {
  working_days: (n: number) => `${n}个工作日`,
  natural_days: (n: number) => `${n}日`,
  hours: (n: number) => `${n}小时`,
} as const;

const LAW = '《中华人民共和国行政许可法》';

/** Who the documents address: a person or an enterprise. 您（单位） covers both, as window forms do. */
const YOU = '您（单位）';

const submitted = (receivedAt: string | null) => (receivedAt ? `于${receivedAt}` : '');
const accepted = (org: string, acceptedAt: string | null) =>
  acceptedAt ? `${org}已于${acceptedAt}受理。` : '';

export const SALUTATION = (name: string) => `${name}：`;

/** 收件回执: proof of receipt, not of acceptance (行政许可法 art. 32, 5-day notice rule). */
export const RECEIPT = {
  received: (org: string, item: string, receivedAt: string) =>
    `${YOU}申请办理的“${item}”事项，${org}已于${receivedAt}收到下列申请材料，特出具本回执。`,
  // 行政许可法 第三十二条第一款第（四）项：五日内一次性告知，逾期不告知的，自收到申请材料之日起即为受理。
  nextSteps: (org: string) =>
    `${org}将自收到申请材料之日起五个工作日内进行审查：申请材料齐全、符合法定形式的，予以受理；` +
    '需要补正的，将一次性告知需要补正的全部内容；逾期不告知的，自收到申请材料之日起即为受理。' +
    '本回执仅证明已收到上述材料，不作为受理凭证。',
  // The query code is shown once (only its hash is stored): the receipt is where the applicant keeps it.
  query: (caseNumber: string, queryCode: string, url: string) =>
    `您可凭办件编号 ${caseNumber} 和查询码 ${queryCode} 登录 ${url} ，或扫描右下方二维码，查询办理进度。` +
    '查询码不会再次显示，请妥善保管。',
  queryNoCode: (caseNumber: string, url: string) =>
    `您可凭办件编号 ${caseNumber} 登录 ${url} ，或扫描右下方二维码，查询办理进度。`,
};

/** 受理通知书 (行政许可法 art. 32 (1) (五), art. 45 for the time not counted). */
export const ACCEPTANCE = {
  accepted: (org: string, item: string, receivedAt: string | null, acceptedAt: string, license: boolean) =>
    `${YOU}${submitted(receivedAt)}提出的“${item}”申请，经审查，申请材料齐全、符合法定形式。` +
    (license ? `根据${LAW}第三十二条第一款第（五）项的规定，` : '') +
    `${org}决定予以受理，受理日期为${acceptedAt}。`,
  completion: (expected: string) =>
    `本事项预计于${expected}前办结。依法需要听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审的，` +
    '所需时间不计算在办理期限内，届时将书面告知所需时间。',
};

/** 补正材料一次性告知书 (行政许可法 art. 32 (1) (四)); the clock waits for the supplement. */
export const NOTICE = {
  intro: (item: string, receivedAt: string | null, license: boolean) =>
    `${YOU}${submitted(receivedAt)}提交的“${item}”申请材料，经审查，存在申请材料不齐全或者不符合法定形式的情形。` +
    (license ? `根据${LAW}第三十二条第一款第（四）项的规定，` : '') +
    '现一次性告知您需要补正的全部内容如下：',
  clock: (org: string) =>
    `请按上述要求一次性补正全部材料后向${org}提交。补正期间不计算在办理期限内，` +
    `办理期限自${org}收到全部补正材料之日起计算；收到全部补正材料后，${org}将依法作出是否受理的决定。`,
  deadline: (date: string) => `请于${date}前补正。`,
};

/** 不予受理通知书 (行政许可法 art. 32 (1) (一)(二) and (2): in writing, with reasons and remedies). */
export const REFUSAL = {
  refused: (org: string, item: string, receivedAt: string | null, reason: string, license: boolean) =>
    `${YOU}${submitted(receivedAt)}提出的“${item}”申请，经审查，${reason}。` +
    (license ? `根据${LAW}第三十二条第一款的规定，` : '') +
    `${org}决定不予受理。`,
  referTo: (org: string, referTo: string) => `该申请事项依法不属于${org}职权范围，请向${referTo}提出申请。`,
};

/**
 * The applicant's remedies (行政复议法 第二十条, 行政诉讼法 第四十六条): said for every administrative act;
 * the case's own text (which organ, which court, how long) follows.
 */
export const REMEDIES = {
  general: '如对本决定不服，可以依法申请行政复议或者提起行政诉讼。',
};

/** 特别程序告知书 (行政许可法 art. 45: the time is not counted and the applicant is told it in writing). */
export const SPECIAL_PROCEDURE = {
  intro: (item: string, kind: string, license: boolean) =>
    `${YOU}申请的“${item}”事项依法需要进行${kind}。` +
    (license ? `根据${LAW}第四十五条的规定，` : '') +
    `${kind}所需时间不计算在办理期限内，现将有关情况书面告知如下：`,
  resume: (org: string, kind: string) => `${kind}结束后，${org}将继续办理，办理期限接续计算。`,
  note: (note: string) => `说明：${note}`,
};

/** 延长办理期限告知书 (行政许可法 art. 42 (1): the head's approval, the reason told to the applicant). */
export const EXTENSION = {
  extended: (
    org: string,
    item: string,
    reason: string,
    approvedBy: string,
    added: string,
    newDeadline: string,
    license: boolean,
  ) =>
    `${YOU}申请的“${item}”事项，因${reason}，不能在规定期限内作出决定。经${org}负责人（${approvedBy}）批准，` +
    (license ? `根据${LAW}第四十二条第一款的规定，` : '') +
    `办理期限延长${added}，延长后的办理期限截止至${newDeadline}。`,
  previous: (date: string) => `原办理期限截止至${date}。`,
};

/** 行政许可决定书 (行政许可法 art. 38; art. 44 for delivery within ten working days). */
export const DECISION = {
  approved: (
    org: string,
    item: string,
    receivedAt: string | null,
    acceptedAt: string | null,
    license: boolean,
  ) =>
    `${YOU}${submitted(receivedAt)}提出的“${item}”申请，${accepted(org, acceptedAt)}经审查，您的申请符合法定条件、标准。` +
    (license ? `根据${LAW}第三十八条第一款的规定，${org}决定准予行政许可。` : `${org}决定准予办理。`),
  denied: (
    org: string,
    item: string,
    receivedAt: string | null,
    acceptedAt: string | null,
    reason: string,
    license: boolean,
  ) =>
    `${YOU}${submitted(receivedAt)}提出的“${item}”申请，${accepted(org, acceptedAt)}经审查，${reason}。` +
    (license ? `根据${LAW}第三十八条第二款的规定，${org}决定不予行政许可。` : `${org}决定不予办理。`),
  opinion: (opinion: string) => `审批意见：${opinion}`,
  delivery: (org: string, license: boolean) =>
    license
      ? `${org}将自作出决定之日起十个工作日内向您颁发、送达行政许可证件或者相关文书。`
      : `${org}将依法向您送达办理结果。`,
  completion: (expected: string) => `预计办结日期：${expected}。`,
};

/** 缴费凭证（一票制）: one voucher for every fee of the case. */
export const FEE = {
  subtitle: '（一票制）',
  intro: (item: string) => `本凭证为“${item}”办件全部收费项目的合并缴费凭证，一件一票。`,
  total: (upper: string, amount: string) => `人民币（大写）${upper}　¥${amount}`,
  disclaimer: '本凭证用于证明已缴纳上述费用；财政票据以财政部门监制的票据为准。',
};

/** Query line on documents other than the receipt. */
export const QUERY = {
  progress: (url: string) => `办理进度可登录 ${url} 或扫描右下方二维码查询。`,
};

/** Chinese uppercase amounts (会计基础工作规范 第五十二条). */
export const AMOUNT_DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
export const AMOUNT_UNITS = ['', '拾', '佰', '仟'] as const;
export const AMOUNT_GROUPS = ['', '万', '亿', '万亿'] as const;
export const AMOUNT_WORDS = { yuan: '元', jiao: '角', fen: '分', whole: '整', zero: '零' } as const;
