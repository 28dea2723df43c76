/** The unit written after a number (dictionaries/units.txt), unless the unit's characters start another word there. */
import { UNITS, type UnitEntry } from './dictionaries.js';

/** Text a unit must not be followed by, because then it is the start of another word. */
const UNIT_NOT_BEFORE: Readonly<Record<string, RegExp>> = {
  个: /^(?:多|半)?(?:月|工作日|小时|钟头|星期|礼拜|季度|年头)/,
  人: /^(?:民|大|社|身|工|格|权|文|武|寿|口)/,
  元: /^(?:旦|宵|素|首|老|帅)/,
  单: /^(?:位|独|一|项|元|个|行|体|据|纯|薄)/,
  所: /^(?:长|属|有|得|在|以|谓|需|辖|述|示|获)/,
  支: /^(?:持|付|出|部|撑|援)/,
  期: /^(?:间|限|满|待|望|盼|末|初|工程|项目|扩建)/,
  部: /^(?:署|分|长|委|队|落|位|件)/,
  处: /^(?:罚|理|置|分|于|在|以|长|室|级)/,
  张: /^(?:贴|帖|挂|扬|力|望)/,
  台: /^(?:账|湾|阶|县|河|山|镇|乡|村|风|上)/,
  家: /^(?:庭|乡|属|长|园|庄|渠|坝|湾|沟|村|族|底|务)/,
  起: /^(?:草|诉|点|步|到|来|始|身|见|床|码)/,
  批: /^(?:准|复|示|评|转|判|阅|发)/,
  户: /^(?:籍|口|外|型|主)/,
  条: /^(?:例|件|款|文|理|线)/,
  场: /^(?:所|地|景|面|合|馆|镇|站|长|域)/,
  本: /^(?:级|年|镇|乡|村|区|县|市|地|单|领|着|身|部|届|期|月|次|职|质|人)/,
  位: /^(?:置|于|数)/,
  次: /^(?:产业)/,
  组: /^(?:织|长|成|建|员|别|合|团|委)/,
  集: /^(?:中|体|团|市|镇|聚|成|合|资)/,
  座: /^(?:谈|右)/,
  类: /^(?:型|似|别)/,
  种: /^(?:植|类|养|子)/,
  封: /^(?:闭|面|存|锁|控)/,
  轮: /^(?:胎|换|流|值)/,
  例: /^(?:如|外|会)/,
  宗: /^(?:旨|教|族)/,
  名: /^(?:单|录|称|义|誉|片|牌|目|著)/,
  块: /^(?:钱)/,
};

/** The longest unit of units.txt at `at` that does not start another word (人民, 处罚), or null. */
export function matchUnit(s: string, at: number): UnitEntry | null {
  for (const entry of UNITS) {
    if (s.startsWith(entry.surface, at)) {
      const guard = UNIT_NOT_BEFORE[entry.surface];
      if (guard && guard.test(s.slice(at + entry.surface.length, at + entry.surface.length + 4))) {
        continue; // the unit starts another word here (人民, 处罚); try the shorter units
      }
      return entry;
    }
  }
  return null;
}
