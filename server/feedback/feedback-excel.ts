import ExcelJS from 'exceljs';
import { type Lang, labels } from '../i18n/index.ts';
import type { ComplaintView } from './complaint-service.ts';
import type { OrderView, RatingView } from './rectification-service.ts';

/**
 * Excel exports of the three lists, in the style of the catalog's and supervision's (bold frozen header
 * row, codes as text). Personal data stays masked as in the lists; coded values are shown as words.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

interface Column {
  key: string;
  width: number;
  text?: boolean;
}

function texts(lang: Lang) {
  return labels(lang, 'feedback.');
}

/** A coded value as a word: `feedback.<group>.<code>`, else the code itself. */
function word(t: Record<string, string>, group: string, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return t[`${group}.${code}`] ?? code;
}

const dateTime = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
const date = (iso: string | null) => dateTime(iso).slice(0, 10);

async function workbook(
  lang: Lang,
  sheet: string,
  columns: Column[],
  rows: Record<string, Cell>[],
): Promise<Buffer> {
  const t = texts(lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bianmin';
  const ws = wb.addWorksheet(t[`sheet.${sheet}`] ?? sheet);
  ws.columns = columns.map((c) => ({ header: t[`column.${c.key}`] ?? c.key, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of columns) if (c.text) ws.getColumn(c.key).numFmt = '@';
  for (const r of rows) ws.addRow(r).alignment = { vertical: 'top', wrapText: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function ratingsWorkbook(items: RatingView[], lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  return workbook(
    lang,
    'ratings',
    [
      { key: 'createdAt', width: 17 },
      { key: 'kind', width: 10 },
      { key: 'caseNumber', width: 26, text: true },
      { key: 'itemName', width: 24 },
      { key: 'orgName', width: 24 },
      { key: 'departmentName', width: 22 },
      { key: 'staffName', width: 16 },
      { key: 'level', width: 12 },
      { key: 'overall', width: 8 },
      { key: 'efficiency', width: 8 },
      { key: 'guide', width: 8 },
      { key: 'convenience', width: 8 },
      { key: 'attitude', width: 8 },
      { key: 'comment', width: 36 },
      { key: 'channel', width: 12 },
      { key: 'named', width: 8 },
      { key: 'raterPhone', width: 14, text: true },
      { key: 'orderStatus', width: 12 },
      { key: 'invalid', width: 8 },
    ],
    items.map((r) => ({
      createdAt: dateTime(r.createdAt),
      kind: word(t, 'kind', r.kind),
      caseNumber: r.caseNumber ?? '',
      itemName: r.itemName ?? '',
      orgName: r.orgName,
      departmentName: r.departmentName ?? '',
      staffName: r.staffName ?? '',
      level: word(t, 'level', r.level),
      overall: r.scores.overall ?? null,
      efficiency: r.scores.efficiency ?? null,
      guide: r.scores.guide ?? null,
      convenience: r.scores.convenience ?? null,
      attitude: r.scores.attitude ?? null,
      comment: r.comment ?? '',
      channel: word(t, 'channel', r.channel),
      named: word(t, 'yesNo', String(r.named)),
      raterPhone: r.raterPhone ?? '',
      orderStatus: word(t, 'status', r.orderStatus),
      invalid: word(t, 'yesNo', String(r.invalid)),
    })),
  );
}

export function ordersWorkbook(items: OrderView[], lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  return workbook(
    lang,
    'rectifications',
    [
      { key: 'orderNumber', width: 24, text: true },
      { key: 'createdAt', width: 17 },
      { key: 'handlerOrgName', width: 24 },
      { key: 'caseNumber', width: 26, text: true },
      { key: 'level', width: 12 },
      { key: 'comment', width: 30 },
      { key: 'status', width: 12 },
      { key: 'light', width: 8 },
      { key: 'verifyDue', width: 12 },
      { key: 'rectifyDue', width: 12 },
      { key: 'overdue', width: 8 },
      { key: 'named', width: 8 },
      { key: 'revisitCount', width: 8 },
      { key: 'verification', width: 30 },
      { key: 'measures', width: 30 },
      { key: 'closedAt', width: 17 },
    ],
    items.map((o) => ({
      orderNumber: o.orderNumber,
      createdAt: dateTime(o.createdAt),
      handlerOrgName: o.handlerOrgName,
      caseNumber: o.rating.caseNumber ?? '',
      level: word(t, 'level', o.rating.level),
      comment: o.rating.comment ?? '',
      status: word(t, 'status', o.status),
      light: word(t, 'light', o.light),
      verifyDue: date(o.verifyDue),
      rectifyDue: date(o.rectifyDue),
      overdue: word(t, 'yesNo', String(o.overdue)),
      named: word(t, 'yesNo', String(o.named)),
      revisitCount: o.revisitCount,
      verification: o.verification ?? '',
      measures: o.measures ?? o.cannotRectify.reason ?? o.appeal.reason ?? '',
      closedAt: dateTime(o.closedAt),
    })),
  );
}

export function complaintsWorkbook(items: ComplaintView[], lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  return workbook(
    lang,
    'complaints',
    [
      { key: 'trackingNumber', width: 24, text: true },
      { key: 'createdAt', width: 17 },
      { key: 'complaintChannel', width: 12 },
      { key: 'targetKind', width: 10 },
      { key: 'targetOrgName', width: 24 },
      { key: 'targetStaffName', width: 14 },
      { key: 'content', width: 40 },
      { key: 'complainantPhone', width: 14, text: true },
      { key: 'complaintStatus', width: 10 },
      { key: 'replyDue', width: 12 },
      { key: 'overdue', width: 8 },
      { key: 'finding', width: 10 },
      { key: 'reply', width: 40 },
      { key: 'satisfaction', width: 12 },
    ],
    items.map((c) => ({
      trackingNumber: c.trackingNumber,
      createdAt: dateTime(c.createdAt),
      complaintChannel: word(t, 'complaintChannel', c.channel),
      targetKind: word(t, 'target', c.targetKind),
      targetOrgName: c.targetOrgName,
      targetStaffName: c.targetStaffName ?? '',
      content: c.content,
      complainantPhone: c.complainantPhone,
      complaintStatus: word(t, 'complaintStatus', c.status),
      replyDue: date(c.replyDue),
      overdue: word(t, 'yesNo', String(c.overdue)),
      finding: word(t, 'finding', c.finding),
      reply: c.reply ?? '',
      satisfaction: word(t, 'satisfaction', c.satisfaction),
    })),
  );
}
