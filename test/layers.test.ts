/**
 * The source reads like its pipeline: stages depend only downward. A stage
 * folder (read … quantities, and text beneath them) imports from model/, from
 * itself and from stages before it, never from the layers that run, write,
 * compare, report or score the stages; model/ imports nothing of the project
 * outside itself. Checked on the import lines of the sources (static
 * imports, re-exports and dynamic import()), read by TypeScript's own
 * pre-processor.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const STAGE_FOLDERS = ['read', 'clean', 'structure', 'metadata', 'tokenize', 'tag', 'themes', 'quantities', 'text'];
const UPPER_LAYERS = ['pipeline', 'compare', 'output', 'labels', 'evaluate', 'report', 'cli', 'api'];

function sourcesIn(folder: string): string[] {
  return readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SRC, folder, f));
}

/** The project folders (first path part under src/) a source file imports from, with the specifier. */
function projectImports(file: string, text = readFileSync(file, 'utf8')): Array<{ specifier: string; folder: string }> {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((specifier) => {
      const target = relative(SRC, join(dirname(file), specifier));
      return { specifier, folder: target.includes(sep) ? target.split(sep)[0]! : '(src)' };
    });
}

/** Imports of a stage folder's source that reach above the stages (src/ itself included: the library's front door). */
function upwardImports(file: string, text?: string): string[] {
  return projectImports(file, text)
    .filter((i) => UPPER_LAYERS.includes(i.folder) || i.folder === '(src)')
    .map((i) => `${relative(SRC, file)} imports ${i.specifier}`);
}

describe('layers', () => {
  it('no stage folder imports from pipeline, compare, output, labels, evaluate, report or cli', () => {
    const upward: string[] = [];
    let seen = 0;
    for (const folder of STAGE_FOLDERS) {
      for (const file of sourcesIn(folder)) {
        seen += projectImports(file).length;
        upward.push(...upwardImports(file));
      }
    }
    // The stage folders import each other and model/ dozens of times: a parse that found nothing would not pass unnoticed.
    expect(seen).toBeGreaterThan(50);
    expect(upward).toEqual([]);
  });

  it('model/ imports nothing of the project outside itself', () => {
    const files = sourcesIn('model');
    expect(files.map((f) => relative(SRC, f)).sort()).toEqual(expect.arrayContaining([join('model', 'document.ts'), join('model', 'stage.ts')]));
    const outside = files.flatMap((file) => projectImports(file).filter((i) => i.folder !== 'model').map((i) => `${relative(SRC, file)} imports ${i.specifier}`));
    expect(outside).toEqual([]);
  });

  it('the report reads the comparison only through compare/results.ts', () => {
    const intoCompare = sourcesIn('report').flatMap((file) =>
      projectImports(file)
        .filter((i) => i.folder === 'compare')
        .map((i) => relative(SRC, join(dirname(file), i.specifier))),
    );
    expect(intoCompare.length).toBeGreaterThan(0);
    expect([...new Set(intoCompare)]).toEqual([join('compare', 'results.js')]);
  });

  it('the check sees an upward import, static or dynamic, when a source has one', () => {
    // The tag stage's front door as it would read with the training helper's import back, and a lazy load of the pipeline.
    const file = join(SRC, 'tag', 'index.ts');
    const text = readFileSync(file, 'utf8');
    expect(upwardImports(file, text)).toEqual([]);
    const edited = `import type { LabeledDoc } from '../labels/index.js';\n${text}\nexport const later = () => import('../pipeline/analyze.js');\n`;
    expect(upwardImports(file, edited)).toEqual([`${join('tag', 'index.ts')} imports ../labels/index.js`, `${join('tag', 'index.ts')} imports ../pipeline/analyze.js`]);
  });
});
