/**
 * The metadata stage: title, issuing body and its places, the year reported
 * on, the publishing date and the admin level, from the report's own words.
 *
 * Pages often open with chrome (breadcrumbs, an index block, a salutation)
 * before the title, or with no title at all, so every field is looked for in
 * the cleaned text and in the chrome lines the clean stage removed, whichever
 * holds it: which lines are chrome is the clean stage's call and may change.
 */
import type { AdminLevel, DocumentMeta, Unit } from '../model/document.js';
import { normalizeForMatch } from '../text/normalize.js';
import { resolvePlaces, voiceOf } from './places.js';

export interface MetaSources {
  /** Cleaned text. */
  text: string;
  units: Unit[];
  /** Lines the clean stage removed as chrome (the page header and footer). */
  chrome: string[];
  /** Metadata carried by the input (JSONL fields). */
  fields?: Record<string, string>;
  /** File name, the last resort for a title. */
  file: string;
}

/** How many lines from the top a title is looked for in: past the chrome, before the body. */
const HEAD_LINES = 20;

/** The non-blank lines of `text`, normalized and trimmed: the first `max` of them, the rest of the text left unread. */
function normalizedLines(text: string, max = Infinity): string[] {
  const out: string[] = [];
  for (let start = 0; start <= text.length && out.length < max; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = normalizeForMatch(text.slice(start, end)).trim();
    if (line !== '') out.push(line);
    start = end + 1;
  }
  return out;
}

export function inferMetadata(src: MetaSources): DocumentMeta {
  const textHead = normalizedLines(src.text, HEAD_LINES);
  const chrome = src.chrome.map((l) => normalizeForMatch(l).trim()).filter((l) => l !== '');
  const head = [...chrome.slice(0, HEAD_LINES), ...textHead];

  const titleFound = src.fields?.title?.trim() || titleIn(src.units, chrome, textHead);
  const title = titleFound || fallbackTitle(src);
  const closing = src.units.filter((u) => u.section === 'closing');
  const signature = normalizedTexts(closing);
  const labeledIssuers = chrome.concat(textHead).flatMap((l) => issuerFields(l));
  const lead = leadSentence(src.units);
  // An issuer block over the title: "中共惠安县委 惠安县人民政府".
  const issuerBlock = head.filter((l) => l.length <= 30 && /(人民政府|办事处)$/.test(l) && !/[,，。:：]/.test(l));
  const issuerLines = [src.fields?.issuer ?? '', titleFound, ...labeledIssuers, ...issuerBlock, ...titleLines(head)].filter(Boolean);
  // 来源 often names the office that drafted the page (区司法局), not the issuer: not read for the level.
  const publisher = chrome.concat(textHead).flatMap((l) => issuerFields(l, PUBLISHER_FIELD));
  const opening = src.units.filter((u) => u.kind === 'sentence' && u.section === 'preamble').slice(0, 3).map((u) => normalizeForMatch(u.text));
  const department = isDepartment([src.fields?.issuer ?? '', titleFound, ...publisher, ...issuerBlock].join('\n'), lead, opening);

  const places = resolvePlaces({
    issuer: issuerLines,
    // The subject stands near the start; further on come the superiors and partners.
    lead: lead.slice(0, 120),
    signature,
    body: [...chrome, src.text].join('\n'),
    department,
    voice: voiceOf(opening.join('\n')),
  });

  const published = inferPublished(src, chrome, textHead, closing);
  return {
    title,
    township: places.township,
    county: places.county,
    city: places.city,
    province: places.province,
    admin_level: adminLevel(places.bodyLevel, department),
    report_year: inferReportYear(titleFound, src, published),
    published,
    division_code: places.division_code,
    place_note: places.note,
  };
}

/** A line that reads as a report's title: names a report and is not a sentence of the body. */
const TITLE_LIKE = /(报告|总结|述法)(?!如下)/;
const NOT_TITLE = /^([-•·]|一|二|三|四|五|[(（][一二三四五]|根据|按照|为|现将|\d+[.、])|[>》]|。|,.*,/;

function titleLines(lines: string[]): string[] {
  return lines.filter((l) => l.length <= 80 && TITLE_LIKE.test(l) && !NOT_TITLE.test(l) && /(法治|依法|信息公开|述法|政府|报告)/.test(l));
}

/**
 * The title: the leading headings when structure found them, else the first
 * title-like line of the chrome or the text, with a site name ("_公开目录_…网站",
 * " - 通知公告 - …") cut off and a title broken over two lines joined.
 */
function titleIn(units: Unit[], chrome: string[], textHead: string[]): string {
  const headings = headingTitle(leadingTitleHeadings(units).map((u) => normalizeForMatch(u.text).replace(/\s+/g, '')));
  const line = titleLine(chrome, textHead);
  // A title repeated under the index block, broken before its year ("2023年度…人民政府" / "法治政府建设情况报告"), loses to the whole one above.
  if (headings && TITLE_LIKE.test(headings) && !(line && YEAR.test(line) && !YEAR.test(headings))) return headings;
  return line;
}

function titleLine(chrome: string[], textHead: string[]): string {
  const labeled = chrome.concat(textHead).map((l) => /^[-•·\s]*标\s*题\s*[:：]\s*(.+)$/.exec(l)?.[1]).find(Boolean);
  if (labeled) return labeled.replace(/[\s|]+/g, '');
  const found = [textHead, chrome].map((lines) => firstTitleLine(lines.slice(0, HEAD_LINES)));
  // The page title kept in the chrome is whole where the text's copy lost its year.
  return found.find((t) => YEAR.test(t)) ?? found.find(Boolean) ?? '';
}

function firstTitleLine(lines: string[]): string {
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/\s*(_|\s-\s).*(网站|网|门户).*$/, '').replace(/\s+\d{4}-\d{1,2}-\d{1,2}$/, '');
    const next = lines[i + 1] ?? '';
    // "…关于2023年度法治政府建设" + "工作的报告"; "2023年度…人民政府" + "法治政府建设情况报告"
    if (!TITLE_LIKE.test(line) && /(法治政府建设|信息公开|人民政府|办事处|关于)$/.test(line) && next.length <= 14 && /报告$/.test(next)) line += next;
    if (titleLines([line]).length === 1 && !/[。;；]/.test(line)) return line.replace(/[\s|]+/g, '');
  }
  return '';
}

/**
 * The title among the leading headings: breadcrumbs and index bullets left
 * out, a title repeated under itself read once, a title broken over two
 * headings ("…关于2023年度法治政府建设" / "工作的报告") joined.
 */
function headingTitle(headings: string[]): string {
  const kept = headings.filter((h) => !/[>]|^[-•·]/.test(h));
  const end = kept.findIndex((h) => /报告$/.test(h));
  if (end < 0) return kept.join('');
  const before = end > 0 && !TITLE_LIKE.test(kept[end - 1]!) ? kept[end - 1]! : '';
  return before + kept[end]!;
}

function leadingTitleHeadings(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const u of units) {
    if (u.kind === 'heading' && u.level === 0) out.push(u);
    else break;
  }
  return out;
}

function fallbackTitle(src: MetaSources): string {
  return src.file.replace(/\.[^./]+$/, '');
}

/** A label and the value after it, in an index block or page header. */
function labeledField(labels: RegExp): RegExp {
  return new RegExp(`${labels.source}\\s*[\\]】|:：]*\\s*\\|?\\s*([^\\s|\\]】:：]+)`, 'g');
}
const ISSUER_FIELD = labeledField(/(发布机构|信息来源|文章来源|来\s*源|机构名称|所属单位|发文机关)/);
const PUBLISHER_FIELD = labeledField(/(发布机构|所属单位|发文机关)/);

/** The issuer named in an index block or page header: 发布机构, 来源, 所属单位, or a bare name in a bullet list. */
function issuerFields(line: string, field = ISSUER_FIELD): string[] {
  const out: string[] = [];
  // exec from the start rather than matchAll, which copies the regex for every line
  field.lastIndex = 0;
  for (let m = field.exec(line); m !== null; m = field.exec(line)) out.push(m[2]!);
  const site = /_([^_]*?)(门户网站|网站|网)\s*$/.exec(line);
  if (site) out.push(site[1]!);
  return out;
}

/** The first sentence of the body (the preamble's), where the reporting body is usually the subject. */
function leadSentence(units: Unit[]): string {
  // Not a salutation ("中共泉州市委、泉州市人民政府:") nor a document number line ("惠委〔2026〕17号 签发人:…").
  const s = units.find((u) => u.kind === 'sentence' && !/[:：]$/.test(u.text.trim()) && !/〔\d{4}〕|签发人/.test(u.text) && u.text.length > 15);
  return s ? normalizeForMatch(s.text) : '';
}

const BUREAU = /[\u4e00-\u9fff]{1,12}(局|委员会|办公室|分局|中心|事务所|管理处)(?=关于|\s|\d|$|[,，)）])/u;

function isDepartment(issuer: string, lead: string, opening: string[]): boolean {
  // A bureau speaks of itself as 我局 in its opening paragraph.
  if (opening.some((s) => /我局/.test(s))) return true;
  const lines = issuer.split('\n').map((l) => l.replace(/中共[\u4e00-\u9fff]*?委员会/g, '').replace(/全面依法治[\u4e00-\u9fff]委员会/g, ''));
  if (lines.some((l) => BUREAU.test(l) && !/(人民政府|街道办事处|办事处$)/.test(l))) return true;
  // "2024年,我局认真贯彻…", "县卫生健康局在县委县政府的坚强领导下"
  return /^[^。]*?(我局|^[^,，。]{0,12}[,，]?\s*[\u4e00-\u9fff]{2,12}局(?:在|坚持|认真))/u.test(lead);
}

function adminLevel(level: string, department: boolean): AdminLevel {
  if (department) return 'department';
  if (level === 'street') return 'street';
  if (level === 'township') return 'township';
  if (level === 'county') return 'county';
  if (level === 'city') return 'city';
  return 'other';
}

/** A year standing alone: 2024 in "2024年度" or "2024法治政府", not in "20243" (2024年3月 without its characters). */
const YEAR = /(?<!\d)((?:19|20)\d{2})(?!\d)/;

/** Quoted titles (《法治政府建设实施纲要(2015-2020年)》) name other documents' years. */
function withoutQuotedTitles(s: string): string {
  return s.replace(/《[^》]*》/g, '《》');
}

/**
 * The year reported on, from the most direct statement: the title, a year
 * the input carries, "现将…YYYY年…报告如下", the first heading "一、YYYY年…",
 * the preamble's opening "YYYY年,…", and then a page date minus one (a report
 * is published in the year after the one it covers); when the page has no
 * date, the year the text names most.
 */
function inferReportYear(title: string, src: MetaSources, published: string): number | null {
  const fromTitle = YEAR.exec(withoutQuotedTitles(normalizeForMatch(title)));
  if (fromTitle) return Number(fromTitle[1]);
  const year = src.fields?.year ?? src.fields?.report_year;
  if (year && /^\d{4}$/.test(year.trim())) return Number(year.trim());
  const lines = normalizedLines(src.text);
  const text = withoutQuotedTitles(lines.join('\n'));
  const reportedAs = /(现将|现就|现公布|现特向社会公布|现予公布|特此报告)[^。\n]{0,40}?(?<!\d)((?:19|20)\d{2})(?!\d)\s*年?/.exec(text);
  if (reportedAs) return Number(reportedAs[2]);
  const firstHeading = /^一、\s*((?:19|20)\d{2})\s*年/m.exec(text);
  if (firstHeading) return Number(firstHeading[1]);
  const opening = lines.find((l) => /^((?:19|20)\d{2})\s*(年|以来)/.test(l));
  const openingYear = opening ? /^((?:19|20)\d{2})\s*(?:年(?!\s*\d{1,2}\s*月)|以来)/.exec(opening) : null;
  if (openingYear) return Number(openingYear[1]);
  if (published) return Number(published.slice(0, 4)) - 1;
  // Only a report laid out in parts (一、…) is taken to be about the year it names most; a resolution or a notice names the years of other documents.
  return src.units.some((u) => u.kind === 'heading' && u.level === 1) ? mostNamedYear(text) : null;
}

function mostNamedYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  if (sorted.length === 0 || (sorted[1] && sorted[1][1] === sorted[0]![1])) return null;
  return sorted[0]![0];
}

const DATE = /((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const LABELED_DATE = new RegExp(`(发布日期|发布时间|成文日期|成文时间|发文日期|发文时间|日期|时间)\\s*[\\]】|:：]*\\s*\\|?\\s*${DATE.source}`);
const BARE_DATE = new RegExp(`^[-•·\\s(（]*${DATE.source}\\s*日?[)）]?(\\s+\\d{1,2}:\\d{2}(:\\d{2})?)?$`);

/**
 * The publishing date: a labeled page date (发布日期, 成文时间, "[ 发布日期 ]
 * 2026-02-10" in an index block) in the chrome or the text's first lines,
 * then the input's date field, then a date standing alone (a signature's
 * date, a bullet in an index list).
 */
function inferPublished(src: MetaSources, chrome: string[], textHead: string[], closing: readonly Unit[]): string {
  for (const l of [...chrome, ...textHead]) {
    const m = LABELED_DATE.exec(l);
    if (m) return ymd(m[2]!, m[3]!, m[4]!);
  }
  if (src.fields?.date) {
    const m = DATE.exec(src.fields.date);
    if (m) return ymd(m[1]!, m[2]!, m[3]!);
  }
  for (const l of lastFirst(closing, chrome, textHead)) {
    const m = BARE_DATE.exec(l.trim());
    if (m) return ymd(m[1]!, m[2]!, m[3]!);
  }
  return '';
}

/**
 * The normalized texts of `units`, made as they are read (on each reading),
 * never all at once: a whole collection pasted into one file is closing for
 * most of its length.
 */
function normalizedTexts(units: readonly Unit[]): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      for (const u of units) yield normalizeForMatch(u.text);
    },
  };
}

/** The signature's lines (the closing units, normalized) from the last, then the chrome and the text's first lines. */
function* lastFirst(closing: readonly Unit[], chrome: string[], textHead: string[]): Generator<string> {
  for (let i = closing.length - 1; i >= 0; i--) yield normalizeForMatch(closing[i]!.text);
  yield* chrome;
  yield* textHead;
}

function ymd(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
