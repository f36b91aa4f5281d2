import { type CaseStatus, OPEN_STATUSES, publicLabelOf, publicTimeline } from '../../core/cases/lifecycle.ts';
import { findFiledVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../http/auth.ts';
import { pageWindow } from '../http/schemas.ts';
import { type CaseFileView, listFiles } from './case-records.ts';
import { expectedCompletion, ownCase } from './case-service.ts';
import { listEvents, searchCases } from './case-store.ts';

/** What a resident sees of their own case: the public progress plus what is asked of them. */
export interface MyCaseView {
  id: string;
  caseNumber: string;
  itemId: string;
  itemName: string;
  status: CaseStatus;
  publicLabel: string;
  timeline: { label: string; at: string }[];
  expectedCompletionDate: string | null;
  /** The one-time notice's list while a supplement is due (行政许可法 art. 32: told once, in full). */
  missing: string[] | null;
  materials: string[];
  files: CaseFileView[];
  actions: ('withdraw' | 'supplement')[];
  createdAt: string;
}

export interface MyCaseListItem {
  id: string;
  caseNumber: string;
  itemName: string;
  status: CaseStatus;
  publicLabel: string;
  expectedCompletionDate: string | null;
  createdAt: string;
}

export async function listMyCases(
  ctx: AppContext,
  resident: Actor,
  page: { page: number; pageSize: number },
): Promise<{ items: MyCaseListItem[]; total: number }> {
  const found = await searchCases(
    ctx.db,
    { kind: 'applicant', personId: resident.personId },
    pageWindow(page),
  );
  const items: MyCaseListItem[] = [];
  for (const c of found.items) {
    items.push({
      id: c.id,
      caseNumber: c.caseNumber,
      itemName: c.itemName,
      status: c.status,
      publicLabel: publicLabelOf(c.status),
      expectedCompletionDate: await expectedCompletion(ctx, c.state),
      createdAt: c.createdAt.toISOString(),
    });
  }
  return { items, total: found.total };
}

export async function readMyCase(ctx: AppContext, resident: Actor, id: string): Promise<MyCaseView> {
  const c = await ownCase(ctx, resident, id);
  const events = await listEvents(ctx.db, c.id);
  const notice = events.findLast((e) => e.action === 'issue_notice');
  const noticePayload = (notice?.payload as { payload?: { missing?: string[] } } | undefined)?.payload;
  const version = await findFiledVersion(ctx.db, c.versionId);
  const actions: MyCaseView['actions'] = [];
  if (OPEN_STATUSES.includes(c.status)) actions.push('withdraw');
  if (c.status === 'awaiting_supplement') actions.push('supplement');
  return {
    id: c.id,
    caseNumber: c.caseNumber,
    itemId: c.itemId,
    itemName: version?.name ?? '',
    status: c.status,
    publicLabel: publicLabelOf(c.status),
    timeline: publicTimeline(events.map((e) => ({ at: e.at, to: (e.payload as { to: CaseStatus }).to }))),
    expectedCompletionDate: await expectedCompletion(ctx, c.state),
    missing: c.status === 'awaiting_supplement' ? (noticePayload?.missing ?? []) : null,
    materials: c.materials,
    files: await listFiles(ctx, c.id),
    actions,
    createdAt: c.createdAt.toISOString(),
  };
}
