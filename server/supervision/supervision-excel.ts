import ExcelJS from 'exceljs';
import { shanghaiDateOf } from '../../core/calendar/dates.ts';
import { METRICS } from '../../core/supervision/index.ts';
import { type Lang, labels } from '../i18n/index.ts';
import type { EvaluationView, ResultView } from './evaluation-service.ts';
import type { MonitorCase } from './monitor-service.ts';
import type { Statistics } from './statistics-service.ts';
import type { DailySummary } from './summary-service.ts';
import type { UrgeView } from './urge-service.ts';

/** Excel exports of every supervision table, in the style of the catalog's (bold frozen header row). */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

interface Column {
  key: string;
  width: number;
  /** 'text' keeps codes as text (leading zeros), 'percent' shows a 0–1 rate as a percentage. */
  format?: 'text' | 'percent' | 'money';
}

function texts(lang: Lang) {
  return labels(lang, 'supervision.');
}

function addSheet(
  workbook: ExcelJS.Workbook,
  lang: Lang,
  sheet: string,
  columns: Column[],
  rows: Record<string, Cell>[],
) {
  const t = texts(lang);
  const ws = workbook.addWorksheet(t[`sheet.${sheet}`] ?? sheet);
  ws.columns = columns.map((c) => ({ header: t[`column.${c.key}`] ?? c.key, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const c of columns) {
    if (c.format === 'text') ws.getColumn(c.key).numFmt = '@';
    if (c.format === 'percent') ws.getColumn(c.key).numFmt = '0.0%';
    if (c.format === 'money') ws.getColumn(c.key).numFmt = '0.00';
  }
  for (const r of rows) ws.addRow(r).alignment = { vertical: 'top', wrapText: true };
}

async function bufferOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin';
  return workbook;
}

const yuan = (fen: number) => Math.round(fen) / 100;
const date = (iso: string | null) => (iso ? shanghaiDateOf(new Date(iso)) : '');
const dateTime = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

export async function summaryWorkbook(s: DailySummary, lang: Lang): Promise<Buffer> {
  const workbook = newWorkbook();
  addSheet(
    workbook,
    lang,
    'summary',
    [
      { key: 'date', width: 12 },
      { key: 'orgCode', width: 18, format: 'text' },
      { key: 'orgName', width: 28 },
      { key: 'kind', width: 8 },
      { key: 'received', width: 8 },
      { key: 'accepted', width: 8 },
      { key: 'refused', width: 10 },
      { key: 'completed', width: 8 },
      { key: 'completed_on_the_spot', width: 10 },
      { key: 'completed_early', width: 10 },
      { key: 'extended', width: 8 },
      { key: 'overdue', width: 8 },
      { key: 'fees_yuan', width: 12, format: 'money' },
    ],
    s.rows.map((r) => ({
      date: s.date,
      orgCode: r.orgCode,
      orgName: r.orgName,
      kind: r.kind,
      ...r.figures,
      fees_yuan: yuan(r.figures.fees_fen),
    })),
  );
  return bufferOf(workbook);
}

export async function statisticsWorkbook(s: Statistics, lang: Lang): Promise<Buffer> {
  const workbook = newWorkbook();
  const metricColumns: Column[] = METRICS.filter((m) => m !== 'fees_fen' && m !== 'ratings_satisfied').map(
    (m) => ({
      key: m,
      width: 10,
    }),
  );
  const rows = [
    ...s.rows,
    { code: '', name: texts(lang).total ?? '', counts: s.total.counts, rates: s.total.rates },
  ];
  addSheet(
    workbook,
    lang,
    'statistics',
    [
      { key: 'period', width: 10 },
      { key: 'orgCode', width: 18, format: 'text' },
      { key: 'orgName', width: 28 },
      ...metricColumns,
      { key: 'fees_yuan', width: 12, format: 'money' },
      { key: 'onTimeRate', width: 10, format: 'percent' },
      { key: 'earlyRate', width: 10, format: 'percent' },
      { key: 'onTheSpotRate', width: 10, format: 'percent' },
      { key: 'extensionRate', width: 10, format: 'percent' },
      { key: 'satisfactionRate', width: 10, format: 'percent' },
    ],
    rows.map((r) => ({
      period: s.period.key,
      orgCode: r.code,
      orgName: r.name,
      ...Object.fromEntries(metricColumns.map((c) => [c.key, r.counts[c.key as keyof typeof r.counts]])),
      fees_yuan: yuan(r.counts.fees_fen),
      onTimeRate: r.rates.onTimeRate,
      earlyRate: r.rates.earlyRate,
      onTheSpotRate: r.rates.onTheSpotRate,
      extensionRate: r.rates.extensionRate,
      satisfactionRate: r.rates.satisfactionRate,
    })),
  );
  return bufferOf(workbook);
}

export async function monitorWorkbook(items: readonly MonitorCase[], lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  const workbook = newWorkbook();
  addSheet(
    workbook,
    lang,
    'monitor',
    [
      { key: 'caseNumber', width: 26, format: 'text' },
      { key: 'itemName', width: 24 },
      { key: 'status', width: 14 },
      { key: 'clock', width: 20 },
      { key: 'light', width: 8 },
      { key: 'overdue', width: 8 },
      { key: 'paused', width: 8 },
      { key: 'deadline', width: 12 },
      { key: 'legalDeadline', width: 12 },
      { key: 'handlingOrg', width: 24 },
      { key: 'department', width: 24 },
      { key: 'township', width: 14 },
      { key: 'staff', width: 16 },
      { key: 'handler', width: 24 },
      { key: 'role', width: 10 },
      { key: 'openUrges', width: 8 },
    ],
    items.map((c) => ({
      caseNumber: c.caseNumber,
      itemName: c.itemName,
      status: c.status,
      clock: c.clockName,
      light: t[`light.${c.light}`] ?? c.light,
      overdue: c.overdue ? t.yes! : t.no!,
      paused: c.paused ? t.yes! : t.no!,
      deadline: date(c.deadline),
      legalDeadline: date(c.legalDeadline),
      handlingOrg: c.handlingOrg.name,
      department: c.department.name,
      township: c.township?.name ?? '',
      staff: c.staff?.name ?? '',
      handler: c.handler.orgName,
      role: t[`role.${c.handler.role}`] ?? c.handler.role,
      openUrges: c.openUrges,
    })),
  );
  return bufferOf(workbook);
}

export async function urgesWorkbook(items: readonly UrgeView[], lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  const workbook = newWorkbook();
  addSheet(
    workbook,
    lang,
    'urges',
    [
      { key: 'caseNumber', width: 26, format: 'text' },
      { key: 'createdAt', width: 17 },
      { key: 'urgedBy', width: 16 },
      { key: 'note', width: 40 },
      { key: 'replyBy', width: 12 },
      { key: 'handler', width: 24 },
      { key: 'status', width: 10 },
      { key: 'reply', width: 40 },
      { key: 'answeredBy', width: 16 },
      { key: 'answeredAt', width: 17 },
      { key: 'escalatedTo', width: 20 },
    ],
    items.map((u) => ({
      caseNumber: u.caseNumber,
      createdAt: dateTime(u.createdAt),
      urgedBy: u.byName,
      note: u.note,
      replyBy: u.replyBy,
      handler: u.handler.orgName,
      status: t[`urgeStatus.${u.status}`] ?? u.status,
      reply: u.reply ?? '',
      answeredBy: u.answeredByName ?? '',
      answeredAt: dateTime(u.answeredAt),
      escalatedTo: u.escalatedTo?.orgName ?? '',
    })),
  );
  return bufferOf(workbook);
}

export async function evaluationWorkbook(e: EvaluationView, lang: Lang): Promise<Buffer> {
  const t = texts(lang);
  const workbook = newWorkbook();
  const columns: Column[] = [
    { key: 'period', width: 10 },
    { key: 'rank', width: 6 },
    { key: 'name', width: 26 },
    { key: 'orgCode', width: 18, format: 'text' },
    { key: 'completed', width: 8 },
    { key: 'onTimeRate', width: 10, format: 'percent' },
    { key: 'earlyRate', width: 10, format: 'percent' },
    { key: 'onTheSpotRate', width: 10, format: 'percent' },
    { key: 'extensionRate', width: 10, format: 'percent' },
    { key: 'overdue', width: 8 },
    { key: 'satisfactionRate', width: 10, format: 'percent' },
    { key: 'complaints', width: 8 },
    { key: 'baseScore', width: 10 },
    { key: 'deductions', width: 8 },
    { key: 'score', width: 8 },
    { key: 'candidate', width: 8 },
    { key: 'honour', width: 12 },
  ];
  const row = (r: ResultView) => {
    const c = r.counts;
    const rate = (n: number, d: number) => (d > 0 ? n / d : null);
    return {
      period: e.month,
      rank: r.rank,
      name: r.name,
      orgCode: r.orgCode,
      completed: c.completed,
      onTimeRate: rate(c.completed_on_time, c.completed),
      earlyRate: rate(c.completed_early, c.completed),
      onTheSpotRate: rate(c.completed_on_the_spot, c.completed),
      extensionRate: rate(c.completed_extended, c.completed),
      overdue: c.overdue,
      satisfactionRate: rate(c.ratings_satisfied, c.ratings),
      complaints: c.complaints,
      baseScore: r.baseScore,
      deductions: r.deductions,
      score: r.score,
      candidate: r.candidate ? t.yes! : t.no!,
      honour: r.honour ? (t[`honour.${r.honour}`] ?? r.honour) : '',
    };
  };
  addSheet(workbook, lang, 'windows', columns, e.windows.map(row));
  addSheet(workbook, lang, 'staff', columns, e.staff.map(row));
  return bufferOf(workbook);
}
