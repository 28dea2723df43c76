/**
 * `fazhi export qdc`: the coding scheme alone as a REFI-QDA codebook (.qdc,
 * namespace urn:QDA-XML:codebook:1.0, valid against the standard's
 * Codebook.xsd): the functions and themes a coder applies in a QDA tool,
 * named and described as in docs/codebook.md, with the same GUIDs as in an
 * exported project.
 */
import { create } from 'xmlbuilder2';
import { DictionaryError, errorMessage } from '../model/errors.js';
import { themeDictionaryFor, type ThemeDictionary } from '../themes/index.js';
import { readAnalysisFolder } from './analysis.js';
import { codeTree, codesById } from './codebook.js';
import { addCodes } from './qdpx.js';

export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

/** The .qdc XML of a theme dictionary's scheme. */
export function codebookXml(dict: ThemeDictionary, origin = 'fazhi'): { xml: string; codes: number } {
  const tree = codeTree(dict);
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\ufffd' });
  addCodes(doc.ele(CODEBOOK_NS, 'CodeBook', { origin }), tree);
  const codes = [...codesById(tree).values()].filter((c) => c.codable).length;
  return { xml: doc.end({ prettyPrint: true, indent: '  ' }), codes };
}

/**
 * The codebook of an analysis folder (the dictionary its run.json records), or of the shipped themes.yml with a researcher's --dict.
 * @example
 * const { xml, codes } = exportQdc({ analysis: 'out' });
 * writeFileSync('codebook.qdc', xml);
 */
export function exportQdc(options: { analysis?: string; dict?: string; dictMode?: 'add' | 'replace'; origin?: string } = {}): { xml: string; codes: number } {
  const dict = options.analysis ? readAnalysisFolder(options.analysis).dictionary : researcherDictionary(options.dict, options.dictMode);
  return codebookXml(dict, options.origin);
}

/** The shipped themes with the researcher's --dict: a --dict that cannot be loaded is theirs to fix (a DictionaryError). */
function researcherDictionary(dict: string | undefined, mode: 'add' | 'replace' | undefined): ThemeDictionary {
  try {
    return themeDictionaryFor({ dict, mode });
  } catch (e) {
    if (dict) throw new DictionaryError(errorMessage(e), { cause: e });
    throw e;
  }
}
