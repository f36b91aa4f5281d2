import ExcelJS from 'exceljs';
import { endOfShanghaiDay, isIsoDate, shanghaiDateOf } from '../../core/calendar/dates.ts';
import { dispatcherRoots } from '../../core/hotline/access.ts';
import { isOpenStatus, type OrderStatus } from '../../core/hotline/lifecycle.ts';
import { isSatisfied, type Satisfaction } from '../../core/hotline/vocabulary.ts';
import { scopeRoots } from '../../core/org/roles.ts';
import type { AppContext } from '../context.ts';
import { inSubtrees } from '../db/subtree.ts';
import type { Actor } from '../http/auth.ts';
import { notFound, Problem } from '../http/problem.ts';
import { type Lang, labels } from '../i18n/index.ts';
import { findOrg, findOrgsByCodes } from '../org/org-store.ts';
import { invalid } from './hotline-catalog.ts';
import { findCategoriesByIds, sendBackCounts } from './hotline-store.ts';

/**
 * Statistics of the orders registered in a period (Shanghai dates, both included), by category and by
 * the org that received them last:
 * - volume: orders registered (merged duplicates are counted apart, not in the volume);
 * - replied, onTime (replied no later than the deadline of the dispatch that led to the reply) and the
 *   onTimeRate = onTime / replied with a clock (direct answers by the operator have no clock);
 * - overdueOpen: not yet replied and past the deadline now;
 * - revisited (the caller reached), satisfied (非常满意, 满意, 基本满意) and satisfactionRate;
 * - sendBacks: send-back requests (退单) made on those orders, by the org that sent back.
 */

export interface StatRow {
  code: string;
  name: string;
  volume: number;
  replied: number;
  timed: number;
  onTime: number;
  onTimeRate: number | null;
  overdueOpen: number;
  revisited: number;
  satisfied: number;
  satisfactionRate: number | null;
  sendBacks: number;
  merged: number;
  closed: number;
}

export interface HotlineStatistics {
  from: string;
  to: string;
  byCategory: StatRow[];
  byOrg: StatRow[];
  total: StatRow;
}

function emptyRow(code: string, name: string): StatRow {
  return {
    code,
    name,
    volume: 0,
    replied: 0,
    timed: 0,
    onTime: 0,
    onTimeRate: null,
    overdueOpen: 0,
    revisited: 0,
    satisfied: 0,
    satisfactionRate: null,
    sendBacks: 0,
    merged: 0,
    closed: 0,
  };
}

function finish(r: StatRow): StatRow {
  r.onTimeRate = r.timed > 0 ? Math.round((r.onTime / r.timed) * 1000) / 1000 : null;
  r.satisfactionRate = r.revisited > 0 ? Math.round((r.satisfied / r.revisited) * 1000) / 1000 : null;
  return r;
}

interface Row {
  id: string;
  category_id: string;
  status: OrderStatus;
  receiver_org_code: string | null;
  deadline: Date | null;
  replied_at: Date | null;
  on_time: boolean | null;
  revisit_reached: boolean | null;
  satisfaction: Satisfaction | null;
}

export async function statistics(
  ctx: AppContext,
  actor: Actor,
  q: { from?: string; to?: string; org?: string },
): Promise<HotlineStatistics> {
  const today = shanghaiDateOf(ctx.now());
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 7)}-01`;
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) {
    throw invalid([{ field: 'from', in: 'query', message: `${from} … ${to}` }]);
  }
  const readRoots = scopeRoots(actor.grants, 'case.read');
  let centerRoots = [...readRoots, ...dispatcherRoots(actor.grants)];
  let receiverRoots = readRoots;
  if (centerRoots.length === 0 && receiverRoots.length === 0)
    throw new Problem(403, 'hotline.stats_forbidden');
  if (q.org) {
    const org = await findOrg(ctx.db, q.org);
    if (!org || !readRoots.some((r) => org.path.startsWith(r)))
      throw notFound('org.not_found', { code: q.org });
    centerRoots = [];
    receiverRoots = [org.path];
  }
  const start = new Date(endOfShanghaiDay(from).getTime() - 86_400_000 + 1);
  const end = endOfShanghaiDay(to);
  const rows: Row[] = await ctx.db
    .selectFrom('hotline_orders')
    .select([
      'id',
      'category_id',
      'status',
      'receiver_org_code',
      'deadline',
      'replied_at',
      'on_time',
      'revisit_reached',
      'satisfaction',
    ])
    .where((eb) =>
      eb.or([inSubtrees('center_path', centerRoots), inSubtrees('receiver_org_path', receiverRoots)]),
    )
    .where('created_at', '>=', start)
    .where('created_at', '<=', end)
    .execute();
  const backs = await sendBackCounts(ctx.db, { centerRoots, receiverRoots, from: start, to: end });
  const categories = await findCategoriesByIds(ctx.db, [
    ...new Set([...rows.map((r) => r.category_id), ...backs.map((b) => b.categoryId)]),
  ]);
  const orgNames = await findOrgsByCodes(ctx.db, [
    ...new Set(
      [...rows.map((r) => r.receiver_org_code), ...backs.map((b) => b.orgCode)].filter(
        (c): c is string => c !== null,
      ),
    ),
  ]);
  const now = ctx.now();
  const byCategory = new Map<string, StatRow>();
  const byOrg = new Map<string, StatRow>();
  const total = emptyRow('', '');
  const catRow = (id: string) => {
    let r = byCategory.get(id);
    if (!r) {
      const c = categories.get(id);
      r = emptyRow(c?.code ?? id, c?.name ?? id);
      byCategory.set(id, r);
    }
    return r;
  };
  const orgRow = (code: string) => {
    let r = byOrg.get(code);
    if (!r) {
      r = emptyRow(code, orgNames.get(code) ?? code);
      byOrg.set(code, r);
    }
    return r;
  };
  for (const o of rows) {
    const targets = [total, catRow(o.category_id)];
    if (o.receiver_org_code) targets.push(orgRow(o.receiver_org_code));
    for (const t of targets) {
      if (o.status === 'merged') {
        t.merged++;
        continue;
      }
      t.volume++;
      if (o.status === 'closed') t.closed++;
      if (o.replied_at) {
        t.replied++;
        if (o.on_time !== null) {
          t.timed++;
          if (o.on_time) t.onTime++;
        }
      } else if (isOpenStatus(o.status) && o.deadline && o.deadline < now && o.receiver_org_code) {
        t.overdueOpen++;
      }
      if (o.revisit_reached) {
        t.revisited++;
        if (isSatisfied(o.satisfaction)) t.satisfied++;
      }
    }
  }
  for (const b of backs) {
    total.sendBacks += b.n;
    catRow(b.categoryId).sendBacks += b.n;
    orgRow(b.orgCode).sendBacks += b.n;
  }
  const sorted = (m: Map<string, StatRow>) =>
    [...m.values()].map(finish).sort((a, b) => b.volume - a.volume || a.code.localeCompare(b.code));
  return { from, to, byCategory: sorted(byCategory), byOrg: sorted(byOrg), total: finish(total) };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const COLUMNS: { key: keyof StatRow; width: number; percent?: boolean }[] = [
  { key: 'code', width: 18 },
  { key: 'name', width: 28 },
  { key: 'volume', width: 8 },
  { key: 'replied', width: 8 },
  { key: 'onTime', width: 8 },
  { key: 'onTimeRate', width: 10, percent: true },
  { key: 'overdueOpen', width: 10 },
  { key: 'revisited', width: 8 },
  { key: 'satisfied', width: 8 },
  { key: 'satisfactionRate', width: 10, percent: true },
  { key: 'sendBacks', width: 8 },
  { key: 'merged', width: 8 },
  { key: 'closed', width: 8 },
];

/** Two sheets, by category and by org, each with a total row; bold frozen header as the other exports. */
export async function statisticsWorkbook(s: HotlineStatistics, lang: Lang): Promise<Buffer> {
  const t = labels(lang, 'hotline.stats.');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin';
  for (const [sheet, rows] of [
    ['byCategory', s.byCategory],
    ['byOrg', s.byOrg],
  ] as const) {
    const ws = workbook.addWorksheet(t[`sheet.${sheet}`] ?? sheet);
    ws.columns = COLUMNS.map((c) => ({ header: t[`column.${c.key}`] ?? c.key, key: c.key, width: c.width }));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.getColumn('code').numFmt = '@';
    for (const c of COLUMNS) if (c.percent) ws.getColumn(c.key).numFmt = '0.0%';
    for (const r of [...rows, { ...s.total, name: t.total ?? '' }]) ws.addRow(r);
  }
  const info = workbook.addWorksheet(t['sheet.period'] ?? 'period');
  info.addRow([t.period ?? 'period', `${s.from} — ${s.to}`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
