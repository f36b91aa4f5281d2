import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

/** Server-side text: problem titles and details, export headers. Chinese first; English on request. */
export type Lang = 'zh-CN' | 'en';

type Messages = {
  problems: Record<string, { title: string; detail: string }>;
  labels: Record<string, string>;
};

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A module may keep its problems and labels beside its code (server/<module>/i18n/zh-CN.json, en.json);
 * they are added to the shared files' at start-up, so two modules never edit one file.
 */
function withModules(base: Messages, lang: Lang): Messages {
  const out: Messages = { problems: { ...base.problems }, labels: { ...base.labels } };
  for (const dir of readdirSync(SERVER_DIR, { withFileTypes: true })) {
    const file = path.join(SERVER_DIR, dir.name, 'i18n', `${lang}.json`);
    if (!dir.isDirectory() || dir.name === 'i18n' || !existsSync(file)) continue;
    const texts = JSON.parse(readFileSync(file, 'utf8')) as Partial<Messages>;
    Object.assign(out.problems, texts.problems);
    Object.assign(out.labels, texts.labels);
  }
  return out;
}

const messages: Record<Lang, Messages> = {
  'zh-CN': withModules(zhCN, 'zh-CN'),
  en: withModules(en, 'en'),
};

export function languageOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh-CN';
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
}

export function problemMessage(lang: Lang, code: string): { title: string; detail: string } | undefined {
  return messages[lang].problems[code] ?? messages['zh-CN'].problems[code];
}

const labelCache = new Map<string, Readonly<Record<string, string>>>();

/** Labels sharing a prefix ('audit.' → { at: '时间', … }); built once per language and prefix. */
export function labels(lang: Lang, prefix: string): Readonly<Record<string, string>> {
  const key = `${lang}|${prefix}`;
  let found = labelCache.get(key);
  if (!found) {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(messages[lang].labels)) {
      if (name.startsWith(prefix)) out[name.slice(prefix.length)] = value;
    }
    found = Object.freeze(out);
    labelCache.set(key, found);
  }
  return found;
}
