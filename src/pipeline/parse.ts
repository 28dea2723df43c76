/**
 * One report from text to an annotated ReportDoc:
 * clean → structure → metadata → the configured stages (tokens, tags, …).
 */
import type { DocumentMeta, ReportDoc } from '../types.js';
import { cleanText, type CleanResult } from '../clean/chrome.js';
import { segment } from '../structure/segment.js';
import { inferMetadata } from '../metadata/infer.js';
import { tokenizeStage, type Stage } from './stages.js';
import { timed, type Profile } from './profile.js';

export interface ParseOptions {
  /** File name shown in outputs; also the last resort for a title. */
  file?: string;
  /** Document id; defaults to the file name without extension. */
  id?: string;
  /** Metadata carried by the input (JSONL fields such as title, year). */
  fields?: Record<string, string>;
  /** Explicit metadata that overrides what is inferred (a researcher's sampling frame). */
  meta?: Partial<DocumentMeta>;
  /** Stages after structure; default: tokenize. */
  stages?: Stage[];
  /** cleanText(rawText) when the caller already has it (the corpus run hashes it to find duplicates). */
  cleaned?: CleanResult;
  /** Seconds per step are added here when given. */
  profile?: Profile;
}

export function parseReport(rawText: string, options: ParseOptions = {}): ReportDoc {
  const file = options.file ?? 'report.txt';
  const profile = options.profile;
  const cleaned = options.cleaned ?? timed(profile, 'clean', () => cleanText(rawText));
  const { units, sectionsFound } = timed(profile, 'structure', () => segment(cleaned.text));
  const inferred = timed(profile, 'metadata', () => inferMetadata({ text: cleaned.text, units, chrome: cleaned.removed, fields: options.fields, file }));
  const doc: ReportDoc = {
    id: options.id ?? file.replace(/\.[^./#]+$/, ''),
    file,
    text: cleaned.text,
    meta: applyOverrides(inferred, options.meta),
    units,
    sectionsFound,
  };
  for (const stage of options.stages ?? [tokenizeStage()]) timed(profile, stage.name, () => stage.run(doc));
  return doc;
}

function applyOverrides(meta: DocumentMeta, over: Partial<DocumentMeta> | undefined): DocumentMeta {
  if (!over) return meta;
  const out: DocumentMeta = { ...meta };
  const overridden: string[] = [];
  for (const [k, v] of Object.entries(over) as Array<[keyof DocumentMeta, unknown]>) {
    if (v === undefined || v === '' || k === 'overridden') continue;
    (out as unknown as Record<string, unknown>)[k] = v;
    overridden.push(k);
  }
  if (overridden.length) out.overridden = overridden;
  return out;
}
