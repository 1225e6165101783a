import i18n, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * One folder per language (src/locales/<lng>/<namespace>.json); zh-CN is the default. The `common`
 * namespace (layout, menus, errors, sign-in) is in the entry; every other namespace is its own small
 * chunk, loaded when a page first asks for it (react-i18next suspends the page until it is there), so a
 * teacher's phone does not download the words of the HR and city pages.
 */
const bundled = import.meta.glob('./locales/*/common.json', { eager: true, import: 'default' }) as Record<string, Record<string, unknown>>;
const lazy = import.meta.glob(['./locales/*/*.json', '!./locales/*/common.json'], { import: 'default' }) as Record<string, () => Promise<Record<string, unknown>>>;

const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, content] of Object.entries(bundled)) {
  const [, lng, ns] = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path)!;
  (resources[lng] ??= {})[ns] = content;
}

const chunks: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(lng: string, ns: string, callback: ReadCallback) {
    const load = lazy[`./locales/${lng}/${ns}.json`];
    if (!load) return callback(null, {});
    load().then(
      (data) => callback(null, data as never),
      (err: Error) => callback(err, false),
    );
  },
};

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = 'portal.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORED);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

void i18n
  .use(chunks)
  .use(initReactI18next)
  .init({
    resources,
    // the bundled namespace is there at once; the others come from the chunks above when first used
    partialBundledLanguages: true,
    lng: initialLanguage(),
    fallbackLng: 'zh-CN',
    ns: ['common'],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** The language choice is a display preference (never a credential), so it may live in localStorage. */
export function setLanguage(lng: Language): void {
  localStorage.setItem(STORED, lng);
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}
document.documentElement.lang = i18n.language;

export default i18n;
