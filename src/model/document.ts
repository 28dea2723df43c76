/**
 * The data model shared by every pipeline stage.
 *
 * Like spaCy's Doc, one `ReportDoc` flows through the stages; each stage reads
 * what earlier stages set and adds its own fields, never rewriting them.
 * Offsets (`start`, `end`) are UTF-16 code-unit indexes into `ReportDoc.text`,
 * the cleaned text that is written out, so `text.slice(start, end)` is always
 * the unit's text.
 */

/** Canonical sections of a report (annotation guide §1). */
export const SECTIONS = [
  'preamble',
  'measures',
  'leader_duties',
  'shortcomings',
  'plans',
  'suggestions',
  'other_matters',
  'closing',
] as const;
/** A canonical section of a report: one of SECTIONS. */
export type Section = (typeof SECTIONS)[number];

/** Sentence functions (annotation guide §3). */
export const FUNCTIONS = ['measure', 'outcome', 'shortcoming', 'plan', 'suggestion', 'other'] as const;
/** What a sentence does in the report: one of FUNCTIONS (a measure taken, an outcome, a shortcoming, a plan, a suggestion, or other). */
export type SentenceFunction = (typeof FUNCTIONS)[number];

/** county includes districts and county-level cities; department is a bureau or office; other when no level is named. */
export type AdminLevel = 'township' | 'street' | 'county' | 'city' | 'department' | 'other';

/** The script a report was written in; every decision is made on its simplified form (annotation guide §2). */
export type Script = 'simplified' | 'traditional';

/** A report's metadata: inferred from its text, or given by a --meta table (documents.csv's columns). */
export interface DocumentMeta {
  title: string;
  /** Name of the issuing township, street, county or department as the text gives it. */
  township: string;
  county: string;
  city: string;
  province: string;
  admin_level: AdminLevel;
  /** The year the report is about (报告年度), not the publishing year. Null when not stated. */
  report_year: number | null;
  /** Publishing date as YYYY-MM-DD (or YYYY-MM), empty when not stated. */
  published: string;
  /** GB/T 2260 code of the reporting body's division (nine digits for a township), empty when not resolved. */
  division_code: string;
  /** Why a place the text names was left empty (a name several places share), empty when none was. */
  place_note: string;
  /** Which fields came from an explicit metadata file rather than the text. */
  overridden?: string[];
  /** A --meta table's own columns (pilot, region …) for this document, carried into documents.csv after fazhi's columns. */
  variables?: Record<string, string>;
  /** Set by parseReport: the script of the source text (`text` and offsets keep its characters). */
  script?: Script;
}

/** A number stated in a sentence (annotation guide §5). */
export interface Quantity {
  /** Offsets into the document's cleaned text. */
  start: number;
  end: number;
  raw: string;
  value: number;
  unit: string;
  approx: boolean;
  subject: string;
}

/** How a sentence's function was decided: the evidence a researcher can check. */
export interface FunctionTag {
  function: SentenceFunction;
  confidence: number;
  /** Evidence, e.g. ["section=plans", "cue=下一步"]. */
  cues: string[];
  model: 'rules' | 'classifier';
}

/** The themes of a sentence and the cues that gave them (sentences.csv's themes and theme_cues). */
export interface ThemeMatch {
  /** Theme ids, parents included, in dictionary order. */
  themes: string[];
  /** Matched cue terms, as `theme:term`. */
  cues: string[];
}

/** A unit is a heading or a sentence. */
export type UnitKind = 'heading' | 'sentence';

/** A heading or a sentence, with its place in the report. */
export interface Unit {
  index: number;
  kind: UnitKind;
  /** Heading level: 1 一、, 2 (一), 3 1., 4 一是 lead phrase; 0 for sentences. */
  level: number;
  section: Section;
  /** Texts of the enclosing headings, outermost first: one array shared by the units under the same headings, read and never changed. */
  headingPath: string[];
  start: number;
  end: number;
  text: string;
  /** Set by the tokenize stage. */
  tokens?: string[];
  /** Set by the tagger stage. */
  tag?: FunctionTag;
  /** Set by the themes stage. */
  themes?: ThemeMatch;
  /** Set by the quantities stage. */
  quantities?: Quantity[];
}

/** One analyzed report: its cleaned text, metadata and units, each stage's annotations on the units. */
export interface ReportDoc {
  /** Stable id: derived from the file's path relative to the corpus root (and line for JSONL). */
  id: string;
  /** Path of the source file relative to the corpus root (with `#N` for a JSONL line). */
  file: string;
  /** Cleaned report text: chrome removed, line structure kept. */
  text: string;
  meta: DocumentMeta;
  units: Unit[];
  /** Canonical sections that have at least one unit, in first-seen order. */
  sectionsFound: Section[];
}

/** What became of an input file: analyzed (ok), skipped (not a report, a duplicate …) or failed (unreadable). */
export type FileStatus = 'ok' | 'skipped' | 'failed';

/** One row per input file, whatever happened to it. */
export interface ManifestEntry {
  file: string;
  status: FileStatus;
  reason: string;
  bytes: number;
  encoding: string;
  doc_id: string;
  /** For a duplicate input (status skipped): the file of the first copy, which was analyzed. */
  duplicate_of?: string;
}
