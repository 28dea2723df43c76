/**
 * Government pages → text lines. html-to-text keeps block structure (p, div,
 * br, li, tr) as line breaks and drops scripts and styles; the chrome that
 * remains as text (navigation, metadata blocks, footers) is the clean stage's job.
 */
import { convert } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    { selector: 'ul', options: { itemPrefix: ' ' } },
  ],
};

export function htmlToText(html: string): string {
  return convert(html, OPTIONS);
}

/** The charset a page declares in its <meta>, if any (GBK pages usually do). */
export function declaredCharset(head: Buffer): string | null {
  const ascii = head.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(ascii);
  return m?.[1]?.toLowerCase() ?? null;
}
