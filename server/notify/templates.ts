import { type Lang, labels } from '../i18n/index.ts';

/**
 * The messages Bianmin sends and the parameters each needs. The texts live in server/notify/i18n
 * (`notify.title.<code>`, `notify.text.<code>`), Chinese first; an SMS is kept short (≤ 70 Chinese
 * characters where the parameters allow) and always names the case number.
 */
export interface TemplateParams {
  /** 已收件: the case was received; where to follow it (the query code is on the receipt, never sent). */
  case_received: { caseNumber: string; itemName: string; queryUrl: string };
  /** 一次性告知: the materials still missing. */
  case_notice: { caseNumber: string; materials: string[] };
  /** 已受理, with the expected completion date ('YYYY-MM-DD'). */
  case_accepted: { caseNumber: string; dueDate: string };
  /** 不予受理, with the reason. */
  case_refused: { caseNumber: string; reason: string };
  /** A decision was made. */
  case_decided: { caseNumber: string; outcome: 'approved' | 'denied' };
  /** The result (licence, certificate) waits at a window. */
  case_ready_for_pickup: { caseNumber: string; place: string };
  /** 办结: with the invitation to rate the service. */
  case_closed: { caseNumber: string };
  /** A proxy (代办) case moved: for the resident it is filed for. `step` is the public progress label. */
  proxy_step: { caseNumber: string; step: string };
  /** A supervisor urged (督办) a case the recipient handles. */
  urge: { caseNumber: string; by: string; note?: string };
  /** The handler answered the recipient's urge. */
  urge_answered: { caseNumber: string; by: string; reply: string };
  /** An urge went unanswered past its reply date and reached the recipient, the handler's superior. */
  urge_escalated: { caseNumber: string; handler: string; replyBy: string };
  /**
   * A clock of the recipient's case turned yellow or red against the promised limit, or went past the
   * legal limit (overdue); `clock` is its name, `deadline` its date.
   */
  warning: { caseNumber: string; clock: string; light: 'yellow' | 'red' | 'overdue'; deadline: string };
  /** A 12345 work order was dispatched to the recipient's unit: `caseNumber` is the order's number. */
  hotline_dispatched: { caseNumber: string; deadline: string };
  /**
   * A bad rating opened a rectification order for the recipient's unit: `caseNumber` is the rated case's
   * number, or the order's number for a visit rating (texts in server/feedback/i18n).
   */
  rectification_opened: { caseNumber: string; level: string; verifyBy: string; rectifyBy: string };
}

export type TemplateCode = keyof TemplateParams;

export const TEMPLATE_CODES = [
  'case_received',
  'case_notice',
  'case_accepted',
  'case_refused',
  'case_decided',
  'case_ready_for_pickup',
  'case_closed',
  'proxy_step',
  'urge',
  'urge_answered',
  'urge_escalated',
  'warning',
  'rectification_opened',
  'hotline_dispatched',
] as const satisfies readonly TemplateCode[];

export function isTemplateCode(code: string): code is TemplateCode {
  return (TEMPLATE_CODES as readonly string[]).includes(code);
}

type ParamValue = string | number | readonly string[] | undefined | null;

const cache = new Map<Lang, Record<string, string>>();

function texts(lang: Lang): Record<string, string> {
  let found = cache.get(lang);
  if (!found) {
    found = labels(lang, 'notify.');
    cache.set(lang, found);
  }
  return found;
}

/** One label of the notify module, falling back to Chinese, then to the key. */
export function notifyLabel(lang: Lang, key: string): string {
  return texts(lang)[key] ?? texts('zh-CN')[key] ?? key;
}

/**
 * Parameter values as the text shows them: lists joined with the language's separator, coded values
 * (an outcome, a light) by their label `notify.param.<name>.<value>`, absent ones as nothing.
 */
function shownParams(lang: Lang, params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(params)) {
    const value = raw as ParamValue;
    if (value === undefined || value === null) out[name] = '';
    else if (Array.isArray(value)) out[name] = value.join(notifyLabel(lang, 'listSeparator'));
    else {
      const text = String(value);
      out[name] = texts(lang)[`param.${name}.${text}`] ?? text;
    }
  }
  return out;
}

export interface Rendered {
  title: string;
  text: string;
}

/** The title and text of a message in a language; placeholders without a value are left empty. */
export function renderTemplate(lang: Lang, template: string, params: Record<string, unknown>): Rendered {
  const shown = shownParams(lang, params);
  // One pass, so braces inside a value (a reason someone typed) are never taken for placeholders.
  const withEmpty = (t: string) => t.replace(/\{(\w+)\}/g, (_, key: string) => shown[key] ?? '');
  return {
    title: withEmpty(notifyLabel(lang, `title.${template}`)),
    text: withEmpty(notifyLabel(lang, `text.${template}`)).trim(),
  };
}
