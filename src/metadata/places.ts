/**
 * Administrative place names from an issuer string such as
 * "重庆市万州区高梁镇人民政府": cut after each administrative suffix and assign
 * each piece to its level by that suffix. No gazetteer is consulted, so what
 * comes out is what the text says ("红土乡县" yields 红土乡 and no county).
 */
export interface Places {
  province: string;
  city: string;
  county: string;
  township: string;
}

export const MUNICIPALITIES = ['北京市', '天津市', '上海市', '重庆市'];
export const PROVINCES = [
  '河北省', '山西省', '辽宁省', '吉林省', '黑龙江省', '江苏省', '浙江省', '安徽省', '福建省', '江西省',
  '山东省', '河南省', '湖北省', '湖南省', '广东省', '海南省', '四川省', '贵州省', '云南省', '陕西省',
  '甘肃省', '青海省', '台湾省', '内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区',
  '新疆维吾尔自治区', ...MUNICIPALITIES,
];

// Names are at least two characters: 万州区 is 万州 + 区, not 万 + 州.
const PIECE = /[\u4e00-\u9fff]{2,8}?(自治区|省|自治州|市|盟|区|县|旗|街道|镇|乡)/gu;
/** Words that end in an administrative suffix but name no place. */
const NOT_A_NAME = /^(全|我|本|该|各|辖|城|社|园|景|小|片|库|山|新|乡|村|集|重|城乡|农村|市|县|区|镇)$|^(全|我|本|该|各)/;

export function placesIn(issuer: string): Places {
  const out: Places = { province: '', city: '', county: '', township: '' };
  const text = issuer.replace(/\s+/g, '');
  for (const prov of PROVINCES) {
    if (text.includes(prov)) {
      out.province = prov;
      if (MUNICIPALITIES.includes(prov)) out.city = prov;
      break;
    }
  }
  let rest = text;
  if (out.province) rest = rest.slice(rest.indexOf(out.province) + out.province.length);
  for (const m of rest.matchAll(PIECE)) {
    const piece = m[0];
    const suffix = m[1]!;
    const name = piece.slice(0, piece.length - suffix.length);
    if (name.length === 0 || NOT_A_NAME.test(name)) continue;
    if (suffix === '镇' || suffix === '乡' || suffix === '街道') {
      if (!out.township) out.township = piece;
      break; // nothing below a township is a place level we report
    }
    if (suffix === '区' || suffix === '县' || suffix === '旗') {
      if (!out.county) out.county = piece;
    } else if (suffix === '市' || suffix === '自治州' || suffix === '盟') {
      // A city directly followed by a township is a county-level city.
      const after = rest.slice((m.index ?? 0) + piece.length);
      if (/^[\u4e00-\u9fff]{1,4}?(镇|乡|街道)/u.test(after) && !/^[\u4e00-\u9fff]{1,4}?(区|县)/u.test(after)) {
        if (!out.county) out.county = piece;
      } else if (!out.city) out.city = piece;
    } else if (suffix === '省' || suffix === '自治区') {
      if (!out.province) out.province = piece;
    }
  }
  return out;
}

/** Merge place readings, earlier sources winning level by level. */
export function mergePlaces(...readings: Places[]): Places {
  const out: Places = { province: '', city: '', county: '', township: '' };
  for (const r of readings) {
    for (const k of ['province', 'city', 'county', 'township'] as const) if (!out[k] && r[k]) out[k] = r[k];
  }
  return out;
}
