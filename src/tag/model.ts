/**
 * The saved function model (models/function-model.json): classifier weights
 * (feature → one weight per label, never the training sentences), the
 * measured confidence of each rule, and what it was trained on.
 *
 * The file is canonical so that the same labels give the same bytes: keys
 * sorted, numbers rounded to fixed decimals, no timestamps or paths.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS, type SentenceFunction } from '../model/document.js';
import type { ClassifierOptions, SoftmaxModel } from './classifier.js';
import { errorMessage } from '../model/errors.js';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../models/function-model.json', import.meta.url));
export const MODEL_FORMAT = 'fazhi-function-model';
export const MODEL_VERSION = 1;

/** How the rule and classifier decisions are combined. */
export type CombineMode = 'confidence' | 'rules-first' | 'vote';

export interface RuleCalibration {
  /** Labeled sentences the rule decided in training. */
  fired: number;
  correct: number;
  /** (correct + m · default) / (fired + m): measured precision, shrunk towards the default for rare rules. */
  confidence: number;
}

export interface FunctionModel {
  format: typeof MODEL_FORMAT;
  version: number;
  labels: SentenceFunction[];
  combine: CombineMode;
  classifier: SoftmaxModel & { type: 'softmax'; options: ClassifierOptions };
  rules: Record<string, RuleCalibration>;
  training: {
    documents: string[];
    sentences: number;
    counts: Record<string, number>;
    /** Checksum of the cue lexicons the features were built with. */
    cues: string;
  };
}

const WEIGHT_DECIMALS = 6;
const CONFIDENCE_DECIMALS = 4;

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

/** The model as canonical JSON text: sorted keys, rounded weights, one feature per line. */
export function serializeModel(model: FunctionModel): string {
  const weights = [...model.classifier.weights.entries()]
    .map(([f, row]) => [f, row.map((v) => round(v, WEIGHT_DECIMALS))] as const)
    .filter(([, row]) => row.some((v) => v !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = {
    format: model.format,
    version: model.version,
    labels: model.labels,
    combine: model.combine,
    rules: sortKeys(
      Object.fromEntries(
        Object.entries(model.rules).map(([k, r]) => [k, { confidence: round(r.confidence, CONFIDENCE_DECIMALS), correct: r.correct, fired: r.fired }]),
      ),
    ),
    training: sortKeys({ ...model.training, counts: sortKeys(model.training.counts) }),
  };
  const lines: string[] = ['{'];
  for (const [k, v] of Object.entries(sortKeys(head))) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  lines.push('  "classifier": {');
  lines.push(`    "type": ${JSON.stringify(model.classifier.type)},`);
  lines.push(`    "labels": ${JSON.stringify(model.classifier.labels)},`);
  lines.push(`    "options": ${JSON.stringify(sortKeys(model.classifier.options))},`);
  lines.push('    "weights": {');
  weights.forEach(([f, row], i) => lines.push(`      ${JSON.stringify(f)}: ${JSON.stringify(row)}${i < weights.length - 1 ? ',' : ''}`));
  lines.push('    }');
  lines.push('  }');
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function saveModel(model: FunctionModel, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, serializeModel(model));
}

export function parseModel(text: string, source = 'model'): FunctionModel {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${source}: not JSON: ${errorMessage(e)}`);
  }
  if (raw.format !== MODEL_FORMAT) throw new Error(`${source}: not a fazhi function model (format ${JSON.stringify(raw.format)})`);
  if (raw.version !== MODEL_VERSION) throw new Error(`${source}: model version ${String(raw.version)}, this fazhi reads version ${MODEL_VERSION}; run fazhi train`);
  const labels = raw.labels as SentenceFunction[];
  if (!Array.isArray(labels) || labels.some((l) => !(FUNCTIONS as readonly string[]).includes(l))) throw new Error(`${source}: bad label list`);
  const c = raw.classifier as { type: 'softmax'; labels: string[]; options: ClassifierOptions; weights: Record<string, number[]> };
  if (!c || c.type !== 'softmax' || typeof c.weights !== 'object') throw new Error(`${source}: no softmax classifier in the model`);
  const weights = new Map<string, number[]>();
  for (const [f, row] of Object.entries(c.weights)) {
    if (!Array.isArray(row) || row.length !== c.labels.length) throw new Error(`${source}: feature ${f} has ${row?.length} weights, expected ${c.labels.length}`);
    weights.set(f, row);
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    labels,
    combine: (raw.combine as CombineMode) ?? 'rules-first',
    classifier: { type: 'softmax', labels: c.labels, options: c.options, weights },
    rules: (raw.rules as Record<string, RuleCalibration>) ?? {},
    training: raw.training as FunctionModel['training'],
  };
}

const loaded = new Map<string, { digest: string; model: FunctionModel }>();

/**
 * Read a model file. The file is read every time; the parsed model is cached
 * per path and digest of its bytes, so a retrained model (in a notebook,
 * after `fazhi train`) is seen.
 */
export function loadModel(path: string = DEFAULT_MODEL_PATH): FunctionModel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`function model not found: ${path} (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)}); run fazhi train --labels DIR --out ${path}`);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  const hit = loaded.get(path);
  if (hit?.digest === digest) return hit.model;
  const model = parseModel(bytes.toString('utf8'), path);
  loaded.set(path, { digest, model });
  return model;
}

function sortKeys<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = (o as Record<string, unknown>)[k];
  return out as T;
}
