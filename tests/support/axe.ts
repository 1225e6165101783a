import { source } from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  page: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2 A/AA rules) in the page; returns its serious and critical violations. */
export async function seriousViolations(page: Page, label: string): Promise<AxeViolation[]> {
  // Audit the page at rest: a select's popup that is still closing (its exit motion lasts longer on a loaded
  // machine) keeps Ant Design's unnamed helper listbox in the page for a few frames. A popup left open on
  // purpose is still audited, after this bounded wait.
  await page.waitForFunction("!document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')", undefined, { timeout: 5000 }).catch(() => undefined);
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => {
    const g = globalThis as unknown as { document: unknown; axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: string[] }[] }[] }> } };
    return g.axe.run(g.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: label, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
