import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTokens, cut, isPunctuationToken, loadStopwords, loadTokenizer, loadUserDictionary, TOKENIZER_NAMES, DEFAULT_USER_DICT } from '../../src/tokenize/tokenizer.js';
import { jiebaRsInstalled } from '../helpers/tokenizers.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { parseReport } from '../../src/pipeline/parse.js';
import { tokenizeStage } from '../../src/tokenize/stage.js';
import { seedFile, seedText } from '../helpers/seeds.js';

// Each dictionary load takes seconds on a busy machine.
describe('tokens with the domain dictionary', { timeout: 30_000 }, () => {
  // Sentences taken verbatim from the seeds; each term must come out as one token.
  const cases: Array<[string, string]> = [
    ['法治政府', '2021年,高梁镇在区委、区政府正确领导下,高梁镇以建设法治政府为目标,以提高依法行政能力为核心,深入推进依法行政'],
    ['依法行政', '以提高依法行政能力为核心,深入推进依法行政,不断加快建设步伐'],
    ['法律明白人', '每村培育法律明白人,发挥其在矛盾纠纷排查中的作用'],
    ['枫桥经验', '坚持和发展新时代“枫桥经验”,健全“镇综治中心+村调委会+网格员”三级矛盾化解体系'],
    ['谁执法谁普法', '进一步压实“谁执法谁普法”,进一步落实普法责任制'],
    ['民主法治示范村', '积极开展民主法治示范村创建工作'],
    ['行政执法三项制度', '全面落实行政执法三项制度,规范执法行为'],
    ['重大行政决策', '严格执行重大行政决策“五步法”,将公众参与、专家论证、风险评估、合法性审查、集体讨论决定作为必经程序'],
    ['合法性审查', '实现重大决策、合同协议合法性审查全覆盖,有效防范决策法律风险'],
    ['综合行政执法', '乡综合行政执法大队整合执法力量'],
    ['公共法律服务', '强化公共法律服务体系建设'],
    ['三项制度', '严格落实执法三项制度'],
    ['一村一法律顾问', '全面推行一村一法律顾问制度'],
  ];
  for (const [term, sentence] of cases) {
    it(`keeps ${term} whole`, () => {
      expect(sentence).toContain(term);
      expect(cut(sentence)).toContain(term);
    });
  }
  // The other backend reads the same user dictionary; it must keep the same terms whole.
  for (const backend of TOKENIZER_NAMES) {
    it.skipIf(backend === 'jieba-rs' && !jiebaRsInstalled())(`keeps every term whole with ${backend}`, () => {
      const tokenizer = loadTokenizer(backend);
      for (const [term, sentence] of cases) expect(cut(sentence, tokenizer), term).toContain(term);
    });
  }

  it('ships a dictionary of at least 300 terms of the genre', () => {
    const terms = readFileSync(DEFAULT_USER_DICT, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(terms.length).toBeGreaterThanOrEqual(300);
    expect(new Set(terms.map((t) => t.split(' ')[0])).size).toBe(terms.length);
    const stop = loadStopwords();
    expect(stop.has('的')).toBe(true);
    expect(stop.has('宣传')).toBe(false);
  });

  it.each(TOKENIZER_NAMES)('tokenizes every unit of a seed with %s and drops punctuation and stopwords from the tokens column', (backend) => {
    if (backend === 'jieba-rs' && !jiebaRsInstalled()) return;
    const stage = tokenizeStage({ tokenizer: backend });
    const doc = parseReport(seedText('000'), { file: seedFile('000'), stages: [stage] });
    for (const u of doc.units) expect(u.tokens!.length).toBeGreaterThan(0);
    const unit = doc.units.find((u) => u.text.startsWith('继续聘请2名律师'))!;
    const column = String(stage.columns![0]!.value(unit, doc));
    expect(column.split(' ')).toContain('法律顾问');
    expect(column).not.toMatch(/[,，。]| 的 /);
  });

  it('gives every unit of a seed the same tokens whether or not they are interned', () => {
    const interned = parseReport(seedText('001'), { file: seedFile('001'), stages: [tokenizeStage()] });
    const fresh = parseReport(seedText('001'), { file: seedFile('001'), stages: [tokenizeStage({ internTokens: false })] });
    expect(fresh.units.length).toBe(interned.units.length);
    expect(fresh.units.map((u) => u.tokens)).toEqual(interned.units.map((u) => u.tokens));
    expect(fresh.units.some((u) => u.tokens!.includes('法治政府'))).toBe(true);
  });

  it('lets a researcher replace the dictionary and the stopwords', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fazhi-dict-'));
    const dict = join(dir, 'mine.txt');
    writeFileSync(dict, '沙坝村法治长廊 50000 n\n');
    loadUserDictionary(dict);
    try {
      expect(cut('今年建成沙坝村法治长廊一处')).toContain('沙坝村法治长廊');
    } finally {
      loadUserDictionary(DEFAULT_USER_DICT);
    }
    expect(cut('今年建成沙坝村法治长廊一处')).not.toContain('沙坝村法治长廊');
    const sw = join(dir, 'stop.txt');
    writeFileSync(sw, '# my list\n建成\n');
    expect(contentTokens(['今年', '建成', '，', '长廊'], loadStopwords(sw))).toEqual(['今年', '长廊']);
  });
});

describe('character classes asked of every token', () => {
  // The fast paths skip a regex for common characters; over every UTF-16 code
  // unit they must answer exactly as the regexes they stand in front of.
  const allCodeUnits = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));

  it('isPunctuationToken agrees with the Unicode-class regex on every code unit and on real tokens', () => {
    const reference = (t: string) => /^[\p{P}\p{S}\s]+$/u.test(t);
    const differing = allCodeUnits.filter((t) => isPunctuationToken(t) !== reference(t));
    expect(differing).toEqual([]);
    const tokens = cut(seedText('000'));
    expect(tokens.filter((t) => isPunctuationToken(t) !== reference(t))).toEqual([]);
    expect(tokens.some((t) => isPunctuationToken(t))).toBe(true);
  });

  it('normalizeForMatch maps every code unit as the full-width table says, and returns unchanged text as it is', () => {
    const table = /[\uff01-\uff5e\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\u3010\u3011\u3014\u3015\uff64]/;
    for (const ch of allCodeUnits) {
      const out = normalizeForMatch(ch);
      expect(out.length).toBe(1);
      if (!table.test(ch)) expect(out).toBe(ch);
      else expect(out).not.toBe(ch);
    }
    expect(normalizeForMatch('（一）加强，【普法】〔2021〕')).toBe('(一)加强,[普法][2021]');
    const line = '深入推进依法行政';
    expect(normalizeForMatch(line)).toBe(line);
  });
});
