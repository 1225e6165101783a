import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { RUN_DIR, type HeadlessChromium } from '@app/testing';
import { seriousViolations, type AxeViolation } from './axe';

/** Where the browser tests write their screenshots (both languages), for people and for the README. */
export const SHOTS = join(RUN_DIR, 'screenshots');

/** The page's full width in CSS pixels (wider than the viewport: something does not fit a phone). */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
}

/**
 * What the portal's browser tests do the way a person does: sign in from the development page by
 * clicking a seeded person, check a page with axe-core, take a screenshot, switch the language and back,
 * pick an option of a select by its label. Shared by the browser test files.
 */
export function portalBrowser(options: { gatewayUrl: () => string; chromium: () => HeadlessChromium }) {
  mkdirSync(SHOTS, { recursive: true });
  const violations: AxeViolation[] = [];

  /** A fresh page signed in as this person (the context's cookies cleared first), waiting for the header. */
  async function signInAs(name: string, context?: BrowserContext): Promise<Page> {
    const page = await (context ?? options.chromium().browser).newPage();
    await page.context().clearCookies();
    await page.goto(`${options.gatewayUrl()}/`);
    await page.getByRole('heading', { name: '开发环境登录：选择一位种子数据中的人员' }).waitFor();
    await page.getByRole('button', { name: `以 ${name} 的身份登录` }).click();
    await page.getByRole('button', { name: '退出' }).waitFor();
    return page;
  }

  async function check(page: Page, label: string): Promise<void> {
    violations.push(...(await seriousViolations(page, label)));
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** Screenshot in Chinese, switch to English (wait for this text), check and screenshot again, and back. */
  async function bothLanguages(page: Page, name: string, englishText: string): Promise<void> {
    await shot(page, `${name}-zh-CN`);
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await page.getByText(englishText, { exact: false }).first().waitFor();
    await check(page, `${name} (en)`);
    await shot(page, `${name}-en`);
    await page.getByRole('banner').getByText('中文', { exact: true }).click();
    await page.getByText('退出', { exact: true }).waitFor();
  }

  async function choose(page: Page, label: string, option: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option, { exact: true }).click();
  }

  return { violations, signInAs, check, shot, bothLanguages, choose };
}
