import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFolder } from '../../src/compare/compare.js';
import { forEachRecordAsWritten, NotAsWritten } from '../../src/output/csv-as-written.js';
import { copyOfSeedAnalysis } from '../helpers/seed-folders.js';

describe('sentences.csv read for a comparison', () => {
  it('as fazhi wrote it (cut where the cells lie) or saved otherwise (parsed by papaparse): the same comparison', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fazhi-read-sentences-'));
    const written = copyOfSeedAnalysis(parent);
    const path = join(written, 'sentences.csv');
    const header = readFileSync(path, 'utf8').split('\r\n')[0]!.split(',');
    expect(() => forEachRecordAsWritten(path, header.length, false, () => {})).not.toThrow();
    // The same cells with LF line ends and a needless quote, as another program may save them.
    const saved = join(parent, 'saved');
    cpSync(written, saved, { recursive: true });
    const lines = readFileSync(path, 'utf8').split('\r\n');
    lines[1] = lines[1]!.replace(/^([^,]*),/, '"$1",');
    writeFileSync(join(saved, 'sentences.csv'), lines.join('\n'));
    expect(() => forEachRecordAsWritten(join(saved, 'sentences.csv'), header.length, false, () => {})).toThrow(NotAsWritten);

    const a = compareFolder(written);
    const b = compareFolder(saved);
    expect(a.profiles.rows.length).toBe(5);
    expect(b.profiles).toEqual(a.profiles);
    expect(b.keyness).toEqual(a.keyness);
    expect(b.clusters).toEqual(a.clusters);
    expect(b.notes).toEqual(a.notes);
    expect(JSON.stringify(b.sharedSentences)).toBe(JSON.stringify(a.sharedSentences));
    expect(b.sharedSentences.length).toBeGreaterThan(300);
  }, 60_000);
});
