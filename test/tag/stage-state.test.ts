/**
 * No hidden global state in the stages: an edited cue lexicon or a retrained
 * model is seen by the next load (the caches are keyed by content, not only
 * by path), the tag stage returns its warnings instead of printing them, and
 * a tokenizer cuts with its own dictionary whatever another loaded since.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CUE_DIR, loadCueLexicon, matchCues } from '../../src/tag/cues.js';
import { DEFAULT_MODEL_PATH, loadModel } from '../../src/tag/model.js';
import { tagStage } from '../../src/tag/index.js';
import { cut, loadTokenizer, DEFAULT_USER_DICT } from '../../src/tokenize/tokenizer.js';
import { jiebaRsInstalled } from '../helpers/tokenizers.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { seedText } from '../helpers/seeds.js';

const scratch = mkdtempSync(join(tmpdir(), 'fazhi-stage-state-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

// Verbatim from seed 000.
const SENTENCE = '四是加强法治示范村的建设,以创建促提升,以示范带发展,引领法治政府建设深入农村基层。';
const CUE = '以创建促提升';

const cuesOf = (dir: string) => matchCues(loadCueLexicon(dir), normalizeForMatch(SENTENCE), cut(SENTENCE)).map((h) => `${h.cls}:${h.cue}`);

describe('caches follow the files', () => {
  it('an edited cue file is seen by the next load of its folder', () => {
    expect(seedText('000')).toContain(SENTENCE);
    const dir = join(scratch, 'cues');
    cpSync(DEFAULT_CUE_DIR, dir, { recursive: true });
    const before = loadCueLexicon(dir);
    expect(cuesOf(dir)).not.toContain(`action:${CUE}`);
    expect(loadCueLexicon(dir)).toBe(before); // unchanged files: the cached lexicon
    appendFileSync(join(dir, 'action.txt'), `${CUE}\n`);
    const after = loadCueLexicon(dir);
    expect(after.digest).not.toBe(before.digest);
    expect(cuesOf(dir)).toContain(`action:${CUE}`);
  });

  it('a rewritten model file is seen by the next load of its path', () => {
    const path = join(scratch, 'function-model.json');
    copyFileSync(DEFAULT_MODEL_PATH, path);
    const before = loadModel(path);
    expect(loadModel(path)).toBe(before);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { training: { sentences: number } };
    raw.training.sentences += 1;
    writeFileSync(path, JSON.stringify(raw));
    expect(loadModel(path).training.sentences).toBe(before.training.sentences + 1);
  });
});

describe('the tag stage', () => {
  it('returns its warnings and writes nothing to stderr; an edited lexicon is one the model was not trained on', () => {
    const dir = join(scratch, 'cues-for-stage');
    cpSync(DEFAULT_CUE_DIR, dir, { recursive: true });
    const stderr = vi.spyOn(process.stderr, 'write');
    // The shipped model was trained on the shipped lexicons: a copy of them gives no warning.
    expect(tagStage({ cues: dir }).warnings).toEqual([]);
    appendFileSync(join(dir, 'action.txt'), `${CUE}\n`);
    const stage = tagStage({ cues: dir });
    expect(stage.warnings).toEqual([`the cue lexicons in ${dir} have changed since the function model was trained; run fazhi train to retrain it`]);
    expect(stage.digests!().cues).toBe(loadCueLexicon(dir).digest);
    expect(stderr).not.toHaveBeenCalled();
  });
});

describe('tokenizers', () => {
  it('each cuts with its own dictionary, whichever was loaded last', { timeout: 60_000 }, () => {
    const dict = join(scratch, 'userdict.txt');
    writeFileSync(dict, `${readFileSync(DEFAULT_USER_DICT, 'utf8')}\n建设深入农村基层 50000 n\n`);
    const mine = loadTokenizer('nodejieba', dict);
    const shipped = loadTokenizer('nodejieba');
    expect(mine.cut(SENTENCE)).toContain('建设深入农村基层');
    expect(shipped.cut(SENTENCE)).not.toContain('建设深入农村基层');
    expect(mine.cut(SENTENCE)).toContain('建设深入农村基层');
    // mine was loaded last; cut() still cuts with the shipped dictionary.
    expect(cut(SENTENCE)).toEqual(shipped.cut(SENTENCE));
  });

  it.skipIf(!jiebaRsInstalled())('each keeps its own dictionary with jieba-rs too, beside nodejieba', { timeout: 60_000 }, () => {
    const dict = join(scratch, 'userdict-jieba-rs.txt');
    writeFileSync(dict, `${readFileSync(DEFAULT_USER_DICT, 'utf8')}\n建设深入农村基层 50000 n\n`);
    const mine = loadTokenizer('jieba-rs', dict);
    const shipped = loadTokenizer('jieba-rs');
    const nodejieba = loadTokenizer('nodejieba', dict);
    expect(mine.cut(SENTENCE)).toContain('建设深入农村基层');
    expect(shipped.cut(SENTENCE)).not.toContain('建设深入农村基层');
    expect(nodejieba.cut(SENTENCE)).toContain('建设深入农村基层');
    expect(shipped.cut(SENTENCE)).not.toContain('建设深入农村基层');
  });
});
