/**
 * One filled example of the data for each document kind: what the adapter from a case should produce.
 * Used by the tests and handy for looking at the documents (see docs/cases.md, "文书 Documents").
 */
import type { CaseDocumentData, CaseDocumentKind } from './case-document.ts';

const base: CaseDocumentData = {
  issuingOrg: '开江县市场监督管理局',
  caseNumber: '511723-1-20261123-0007',
  queryCode: null,
  itemName: '食品经营许可（新办）',
  itemType: 'administrative_license',
  applicant: { kind: 'person', name: '王小明', identifier: '511723********1234', phone: '139****5678' },
  issuedAt: '2026-11-23T02:05:00Z',
  receivedAt: '2026-11-23T01:32:00Z',
  handlerName: '张敏',
  progressUrl: 'https://bianmin.kaijiang.gov.cn/progress/511723-1-20261123-0007',
  consultPhone: '0818-8221234',
  complaintPhone: '12345',
};

const materials = [
  { name: '食品经营许可申请书', form: '原件', copies: 1 },
  { name: '营业执照', form: '复印件', copies: 1 },
  { name: '法定代表人（负责人）身份证明', form: '复印件', copies: 1 },
  { name: '与食品经营相适应的主要设备设施布局、操作流程等文件', form: '原件', copies: 1 },
];

export const SAMPLE_DOCUMENT_DATA: Record<CaseDocumentKind, CaseDocumentData> = {
  receipt: {
    ...base,
    issuingOrg: '开江县政务服务中心',
    queryCode: 'K7PM3QX9',
    materials,
  },
  acceptance: {
    ...base,
    issuedAt: '2026-11-24T03:00:00Z',
    acceptedAt: '2026-11-24T03:00:00Z',
    expectedCompletion: '2026-12-22T15:59:59.999Z',
    materials,
  },
  notice: {
    ...base,
    issuingOrg: '开江县政务服务中心',
    missingMaterials: [
      { name: '食品安全管理制度文本', requirement: '缺少，需提供加盖公章的原件' },
      { name: '法定代表人（负责人）身份证明', requirement: '复印件不清晰，请重新提供' },
      { name: '主要设备设施布局图', requirement: '需标明比例及食品处理区面积' },
    ],
  },
  refusal: {
    ...base,
    refusal: {
      reason: '申请人申请的经营项目为食品生产，不属于食品经营许可事项范围',
      remedies:
        '可以自收到本通知书之日起六十日内向开江县人民政府申请行政复议，或者在六个月内向开江县人民法院提起行政诉讼。',
      referTo: '达州市市场监督管理局',
    },
  },
  special_procedure: {
    ...base,
    issuedAt: '2026-12-01T02:00:00Z',
    specialProcedure: {
      kind: '检验',
      expectedDuration: { value: 15, unit: 'working_days' },
      startedAt: '2026-12-01T02:00:00Z',
      note: '需对申请人的经营场所进行现场核查并抽样检验',
    },
  },
  extension: {
    ...base,
    issuedAt: '2026-12-18T06:00:00Z',
    extension: {
      days: 10,
      unit: 'working_days',
      reason: '现场核查发现的问题需申请人整改后复查',
      approvedBy: '李建国',
      newDeadline: '2027-01-06T15:59:59.999Z',
      previousDeadline: '2026-12-22T15:59:59.999Z',
    },
  },
  decision: {
    ...base,
    issuedAt: '2026-12-21T07:00:00Z',
    acceptedAt: '2026-11-24T03:00:00Z',
    expectedCompletion: '2027-01-05',
    decision: { outcome: 'approved', opinion: '经现场核查，经营场所及设施符合要求，同意发证' },
  },
  fee_receipt: {
    ...base,
    issuingOrg: '开江县政务服务中心',
    issuedAt: '2026-11-23T02:40:00Z',
    applicant: {
      kind: 'enterprise',
      name: '开江县新宁镇小明餐饮店',
      identifier: '92511723MA6XYZ1234',
      phone: '139****5678',
    },
    fee: {
      receiptNumber: 'JF-511723-1-20261123-0003',
      payer: '开江县新宁镇小明餐饮店',
      paidAt: '2026-11-23T02:40:00Z',
      method: '微信支付',
      lines: [
        { name: '工本费', amountFen: 1000 },
        { name: '检验检测费', amountFen: 35050 },
      ],
    },
  },
};
