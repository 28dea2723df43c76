/**
 * The metadata stage: title, issuing body and its places, the year reported
 * on, the publishing date and the admin level, from the report's own words.
 *
 * Sources are tried in order of how directly they name the issuer: the title
 * block and the signature, then the page header the clean stage removed
 * (发布机构, 来源, the site name), then mentions in the body. A level that no
 * source names stays empty rather than being guessed.
 */
import type { AdminLevel, DocumentMeta, Unit } from '../types.js';
import { normalizeForMatch } from '../text/normalize.js';
import { MUNICIPALITIES, PROVINCES, mergePlaces, placesIn, type Places } from './places.js';

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

export function inferMetadata(src: MetaSources): DocumentMeta {
  const titleUnits = leadingTitleHeadings(src.units);
  const title = (src.fields?.title ?? titleUnits.map((u) => u.text.replace(/\s+/g, '')).join('')) || fallbackTitle(src);
  const signature = src.units.filter((u) => u.section === 'closing').map((u) => u.text);

  const headerIssuer = src.chrome
    .map((l) => normalizeForMatch(l))
    .flatMap((l) => {
      const m = /(发布机构|信息来源|来\s*源|机构名称)\s*[\]】:：]?\s*(\S+)/.exec(l);
      const site = /_([^_]*?)(门户网站|网站|网)\s*$/.exec(l);
      return [m?.[2] ?? '', site?.[1] ?? ''];
    })
    .filter(Boolean);

  const places = mergePlaces(
    placesIn(src.fields?.issuer ?? ''),
    placesIn(title),
    ...signature.map(placesIn),
    ...headerIssuer.map(placesIn),
    bodyPlaces(src.text),
  );

  const reportYear = inferReportYear(title, src);
  const published = inferPublished(src);
  return {
    title,
    township: places.township,
    county: places.county,
    city: places.city,
    province: places.province,
    admin_level: adminLevel(places, [title, ...signature, ...headerIssuer].join(' ')),
    report_year: reportYear ?? (published ? Number(published.slice(0, 4)) - 1 : null),
    published,
  };
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
  const first = src.text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (first.length <= 60 && /报告/.test(first)) return first.trim();
  return src.file.replace(/\.[^./]+$/, '');
}

/**
 * The body names its own township over and over ("我镇" aside): the most
 * frequent two- or three-character name before 镇/乡/街道. Cities and
 * provinces come from document titles the report cites (《大同市…》), because
 * a report implements its own city's and province's plans.
 */
function bodyPlaces(text: string): Places {
  const norm = normalizeForMatch(text);
  const counts = new Map<string, number>();
  for (const m of norm.matchAll(/(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3}?)(镇|乡|街道)(?![\u4e00-\u9fff]{0,1}(村|镇|级|长))/gu)) {
    const name = m[1]!;
    if (/[全我本该各城村集乡镇重小每个在和与及的]/.test(name)) continue;
    counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  }
  // names also found right after a sentence boundary or year are the reporting body itself
  let township = '';
  let best = 1;
  for (const [name, n] of counts) if (n > best) [township, best] = [name, n];

  let province = '';
  let city = '';
  const provCounts = new Map<string, number>();
  for (const p of PROVINCES) {
    const n = norm.split(p).length - 1;
    if (n > 0) provCounts.set(p, n);
  }
  for (const [p, n] of [...provCounts].sort((a, b) => b[1] - a[1])) {
    if (n > 0) {
      province = p;
      if (MUNICIPALITIES.includes(p)) city = p;
      break;
    }
  }
  if (!city) {
    const m = /《([\u4e00-\u9fff]{2,3}市)(?!场|民|级|委|政府|区县)/u.exec(norm);
    if (m) city = m[1]!;
  }
  return { province, city, county: '', township };
}

function inferReportYear(title: string, src: MetaSources): number | null {
  const fromTitle = /(\d{4})\s*年/.exec(normalizeForMatch(title));
  if (fromTitle) return Number(fromTitle[1]);
  const year = src.fields?.year ?? src.fields?.report_year;
  if (year && /^\d{4}$/.test(year.trim())) return Number(year.trim());
  // The preamble opens with the year reported on: "2023年,红土乡县坚持…".
  const preamble = src.units.find((u) => u.kind === 'sentence');
  const fromPreamble = preamble ? /^(\d{4})\s*年(度)?[,，、]?/.exec(normalizeForMatch(preamble.text)) : null;
  if (fromPreamble) return Number(fromPreamble[1]);
  return null;
}

function inferPublished(src: MetaSources): string {
  for (const l of src.chrome) {
    const m = /(发布日期|发布时间|成文日期|发文日期|日期)\s*[\]】:：]?\s*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(normalizeForMatch(l));
    if (m) return ymd(m[2]!, m[3]!, m[4]!);
  }
  if (src.fields?.date) {
    const m = /(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})/.exec(src.fields.date);
    if (m) return ymd(m[1]!, m[2]!, m[3]!);
  }
  for (const u of src.units) {
    if (u.section !== 'closing') continue;
    const m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/.exec(u.text.trim());
    if (m) return ymd(m[1]!, m[2]!, m[3]!);
  }
  return '';
}

function ymd(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function adminLevel(p: Places, issuerText: string): AdminLevel {
  if (/街道/.test(p.township)) return 'street';
  if (p.township) return 'township';
  if (/(局|委员会|委|办公室|办|中心|厅|所|院)(关于|$|\s)/.test(issuerText)) return 'department';
  if (p.county) return 'county';
  return 'other';
}
