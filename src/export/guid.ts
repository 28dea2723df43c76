/**
 * Deterministic GUIDs for the REFI-QDA export: a name-based UUID (RFC 4122
 * version 5, SHA-1) of what the element stands for, so the same analysis
 * gives the same file byte for byte, and a code or a report keeps its GUID
 * across exports (a QDA tool merging two exports sees the same code twice,
 * not two codes).
 */
import { createHash } from 'node:crypto';

/** RFC 4122's URL namespace; every name is prefixed `fazhi:`. */
const NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

export function nameGuid(name: string): string {
  const h = createHash('sha1').update(Buffer.concat([NAMESPACE, Buffer.from(`fazhi:${name}`, 'utf8')])).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex').toUpperCase();
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const codeGuid = (id: string) => nameGuid(`code:${id}`);
export const sourceGuid = (docId: string) => nameGuid(`source:${docId}`);
export const sourceFileGuid = (docId: string) => nameGuid(`source-file:${docId}`);
export const selectionGuid = (docId: string, unitIndex: number) => nameGuid(`selection:${docId}:${unitIndex}`);
export const codingGuid = (docId: string, unitIndex: number, code: string) => nameGuid(`coding:${docId}:${unitIndex}:${code}`);
export const variableGuid = (name: string) => nameGuid(`variable:${name}`);
export const caseGuid = (key: string) => nameGuid(`case:${key}`);
export const userGuid = (name: string) => nameGuid(`user:${name}`);
