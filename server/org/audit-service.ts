import ExcelJS from 'exceljs';
import { scopeRoots } from '../../core/org/roles.ts';
import type { AuditEntry } from '../../core/org/views.ts';
import type { AppContext } from '../context.ts';
import { inSubtrees } from '../db/subtree.ts';
import { type Actor, authorize } from '../http/auth.ts';
import { pageWindow } from '../http/schemas.ts';
import { getOrgOrThrow } from './org-service.ts';

export interface AuditFilter {
  org?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
}

async function filteredQuery(ctx: AppContext, actor: Actor, filter: AuditFilter) {
  let roots = scopeRoots(actor.grants, 'audit.read');
  if (filter.org) {
    const org = await getOrgOrThrow(ctx, filter.org);
    authorize(actor, 'audit.read', org);
    roots = [org.path];
  }
  if (roots.length === 0) return null;
  let q = ctx.db.selectFrom('audit_log').where(inSubtrees('org_path', roots));
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.from) q = q.where('at', '>=', new Date(filter.from));
  if (filter.to) q = q.where('at', '<', new Date(filter.to));
  return q;
}

export async function listAudit(
  ctx: AppContext,
  actor: Actor,
  filter: AuditFilter & { page: number; pageSize: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  const q = await filteredQuery(ctx, actor, filter);
  if (!q) return { items: [], total: 0 };
  const { limit, offset } = pageWindow(filter);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      orgCode: r.org_code,
      before: r.before,
      after: r.after,
      ip: r.ip,
    })),
  };
}

export const AUDIT_EXPORT_LIMIT = 50_000;

/** The audit log as a spreadsheet, newest first, with times in Beijing time as the reader expects. */
export async function exportAudit(
  ctx: AppContext,
  actor: Actor,
  filter: AuditFilter,
  headers: Record<string, string>,
): Promise<Buffer> {
  const { items } = await listAudit(ctx, actor, { ...filter, page: 1, pageSize: AUDIT_EXPORT_LIMIT });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bianmin';
  const sheet = workbook.addWorksheet(headers.sheet ?? 'audit');
  sheet.columns = [
    { header: headers.at, key: 'at', width: 20 },
    { header: headers.actorName, key: 'actorName', width: 16 },
    { header: headers.action, key: 'action', width: 22 },
    { header: headers.entityType, key: 'entityType', width: 12 },
    { header: headers.entityId, key: 'entityId', width: 38 },
    { header: headers.orgCode, key: 'orgCode', width: 16 },
    { header: headers.before, key: 'before', width: 40 },
    { header: headers.after, key: 'after', width: 40 },
    { header: headers.ip, key: 'ip', width: 16 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const e of items) {
    sheet.addRow({
      ...e,
      at: new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
      before: e.before == null ? '' : JSON.stringify(e.before),
      after: e.after == null ? '' : JSON.stringify(e.after),
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
