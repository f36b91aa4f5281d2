import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

type Resources = Record<string, unknown>;

/**
 * A module may keep its texts beside its pages (web/<module>/i18n/zh-CN.json and en.json); their top-level
 * keys are added to the shared files', so two modules never edit one file.
 */
const moduleFiles = import.meta.glob<Resources>('../*/i18n/*.json', { eager: true, import: 'default' });

function withModules(base: Resources, lang: string): Resources {
  const out: Resources = { ...base };
  for (const [file, texts] of Object.entries(moduleFiles)) {
    if (file.endsWith(`/${lang}.json`)) Object.assign(out, texts);
  }
  return out;
}

export type Language = 'zh-CN' | 'en';

const STORAGE_KEY = 'bianmin.lang';

dayjs.extend(utc);
dayjs.extend(timezone);

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Private browsing can forbid storage; Chinese is the default anyway.
    return 'zh-CN';
  }
}

function applyLanguage(lng: Language): void {
  dayjs.locale(lng === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = lng;
}

const initial = storedLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: withModules(zhCN, 'zh-CN') },
    en: { translation: withModules(en, 'en') },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  // Resources are bundled, so init can finish synchronously before the first render.
  initAsync: false,
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // Not remembered, but the switch still works for this visit.
  }
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}

/** Times are stored in UTC and always shown in China's time zone, whatever the browser's. */
export function formatTime(iso: string): string {
  return dayjs(iso).tz('Asia/Shanghai').format('YYYY-MM-DD HH:mm:ss');
}

export default i18n;
