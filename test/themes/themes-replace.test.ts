/**
 * An analysis that coded the researcher's theme dictionary alone
 * (`--dict-mode replace`) is compared and reported on its own categories:
 * the shipped themes were never looked for, so they are not columns at 0 %
 * (which would read as "looked for, not found"). With the shipped themes
 * (the default, or `add`) every shipped theme stays a column, found or not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnalysis } from '../../src/pipeline/analyze.js';
import { compareFolder } from '../../src/compare/index.js';
import { shippedTaxonomy } from '../../src/themes/taxonomy.js';
import { reportDataFromFolder } from '../../src/report/data.js';
import { SEED_DIR } from '../helpers/seeds.js';

const DICT = fileURLToPath(new URL('../../notebooks/dictionaries/grassroots-governance.yml', import.meta.url));
const GUIDE_THEMES = shippedTaxonomy().ids;
const shareColumns = (columns: readonly string[]) => columns.filter((c) => /^share_[a-z_]+$/.test(c) && !c.includes('__') && !c.includes('_in_'));

let replaced: string;
let added: string;

beforeAll(async () => {
  replaced = mkdtempSync(join(tmpdir(), 'fazhi-replace-'));
  added = mkdtempSync(join(tmpdir(), 'fazhi-add-'));
  await runAnalysis(SEED_DIR, replaced, { dict: DICT, dictMode: 'replace' });
  await runAnalysis(SEED_DIR, added, { dict: DICT, dictMode: 'add' });
}, 120_000);

describe('--dict-mode replace', () => {
  it('profiles.csv has the researcher\'s categories and none of the shipped themes, and a note says why', () => {
    const r = compareFolder(replaced);
    const themes = shareColumns(r.profiles.columns).map((c) => c.slice('share_'.length)).filter((t) => !['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other'].includes(t));
    expect(themes).toContain('grid_governance');
    expect(r.profiles.columns).toContain('share_fengqiao_in_mediation');
    expect(themes.filter((t) => (GUIDE_THEMES as readonly string[]).includes(t))).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/--dict-mode replace/);
    // The categories found add up to what the sentences say.
    const total = r.profiles.rows.reduce((s, row) => s + Number(row.n_grid_governance ?? 0), 0);
    expect(total).toBeGreaterThan(0);
  });

  it('the report of an uncompared folder shows the researcher\'s categories only', () => {
    const data = reportDataFromFolder(replaced);
    expect(data.compared).toBe(false);
    expect(data.profiles.columns).toContain('share_grid_governance');
    expect(data.profiles.columns.filter((c) => GUIDE_THEMES.some((t) => c === `share_${t}`))).toEqual([]);
  });

  it('with add, every shipped theme is still a column beside the researcher\'s', () => {
    const r = compareFolder(added);
    for (const t of GUIDE_THEMES) expect(r.profiles.columns, t).toContain(`share_${t}`);
    expect(r.profiles.columns).toContain('share_grid_governance');
    // The researcher's sub-theme is a sub-theme like the shipped ones (run.json records its parent).
    expect(r.profiles.columns).toContain('share_fengqiao_in_mediation');
    expect(r.notes.join(' ')).not.toMatch(/--dict-mode replace/);
  });
});
