import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

/** Server-side text: problem titles and details, export headers. Chinese first; English on request. */
export type Lang = 'zh-CN' | 'en';

type Messages = {
  problems: Record<string, { title: string; detail: string }>;
  labels: Record<string, string>;
};
const messages: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export function languageOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export function problemMessage(lang: Lang, code: string): { title: string; detail: string } | undefined {
  return messages[lang].problems[code] ?? messages['zh-CN'].problems[code];
}

/** Labels sharing a prefix ('audit.' → { at: '时间', … }). */
export function labels(lang: Lang, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages[lang].labels)) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  }
  return out;
}
