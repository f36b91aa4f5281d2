import { CalendarYearNotLoadedError } from '../../core/calendar/index.ts';
import type { CaseEvent } from '../../core/cases/lifecycle.ts';
import { evaluateClock } from '../../core/clock/clock.ts';
import { findFiledVersion } from '../catalog/catalog-store.ts';
import type { AppContext } from '../context.ts';
import type { NotificationMessage } from '../notify/notify-service.ts';
import { orgNamesFor } from '../org/org-store.ts';
import type { CaseChange } from './case-hooks.ts';
import type { CaseRecord } from './case-store.ts';

type Message = NotificationMessage;
type Template = Message['template'];
type ParamsOf<T extends Template> = Extract<Message, { template: T }>['params'];

/** The portal address printed in messages (BIANMIN_PUBLIC_URL), else the local server's. */
export function portalUrl(ctx: AppContext): string {
  return ctx.config.publicUrl ?? `http://localhost:${ctx.config.port || 3000}`;
}

function decisionDueDate(c: CaseRecord, change: CaseChange): string | null {
  const clock = c.state.clocks.decision ?? c.state.clocks.preliminary;
  if (!clock) return null;
  try {
    return evaluateClock(clock, change.at, change.calendar).deadlineDate;
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError) return null;
    throw error;
  }
}

/**
 * What the applicant is told, by SMS to the phone on the case and in-app when they filed online: at
 * receipt, the one-time notice, acceptance, refusal, decision, pickup and closing (issue 6: accepted,
 * needs materials, decided, ready for pickup). For a proxy case the resident is told of every step, since
 * they are not at the window to see it.
 */
function messagesFor(
  ctx: AppContext,
  change: CaseChange,
  e: CaseEvent,
  facts: { itemName: string; place: string },
): { template: Template; params: ParamsOf<Template> }[] {
  const c = change.after;
  const caseNumber = c.caseNumber;
  const payload = e.payload as Record<string, unknown>;
  const out: { template: Template; params: ParamsOf<Template> }[] = [];
  const push = <T extends Template>(template: T, params: ParamsOf<T>) => out.push({ template, params });
  switch (e.action) {
    case 'submit':
    case 'receive':
    case 'pre_review_pass':
      if (e.to === 'received' || e.action === 'submit') {
        push('case_received', {
          caseNumber,
          itemName: facts.itemName,
          queryUrl: `${portalUrl(ctx)}/progress`,
        });
      }
      break;
    case 'issue_notice':
      push('case_notice', { caseNumber, materials: (payload.missing as string[] | undefined) ?? [] });
      break;
    case 'accept':
    case 'deem_accept': {
      const due = decisionDueDate(c, change);
      if (due) push('case_accepted', { caseNumber, dueDate: due });
      break;
    }
    case 'refuse':
      push('case_refused', { caseNumber, reason: String(payload.reason ?? '') });
      break;
    case 'decide':
      push('case_decided', { caseNumber, outcome: payload.outcome === 'denied' ? 'denied' : 'approved' });
      break;
    case 'deliver':
      if (payload.method === 'window_pickup')
        push('case_ready_for_pickup', { caseNumber, place: facts.place });
      break;
    case 'close':
    case 'close_on_the_spot':
      push('case_closed', { caseNumber });
      break;
    default:
      if (c.channel === 'proxy' && e.from !== e.to) push('proxy_step', { caseNumber, step: e.publicLabel });
  }
  return out;
}

/** Registers the listener that queues the applicant's messages in each transition's own transaction. */
export function registerCaseNotifications(ctx: AppContext): void {
  ctx.caseListeners.push(async (trx, change: CaseChange) => {
    const c = change.after;
    if (change.events.length === 0) return;
    const [version, orgs] = await Promise.all([
      findFiledVersion(trx, c.versionId),
      orgNamesFor(trx, [c.handlingOrgCode]),
    ]);
    const facts = { itemName: version?.name ?? '', place: orgs.get(c.handlingOrgCode) ?? '' };
    const messages: Message[] = [];
    for (const e of change.events) {
      for (const { template, params } of messagesFor(ctx, change, e, facts)) {
        const base = { caseId: c.id, orgCode: c.handlingOrgCode, orgPath: c.handlingOrgPath };
        messages.push({ ...base, channel: 'sms', recipient: c.applicantPhone, template, params } as Message);
        if (c.applicantPersonId) {
          messages.push({
            ...base,
            channel: 'in_app',
            recipient: c.applicantPersonId,
            template,
            params,
          } as Message);
        }
      }
    }
    if (messages.length > 0) await ctx.notify.enqueue(trx, messages);
  });
}
