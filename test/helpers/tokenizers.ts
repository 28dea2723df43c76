import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Whether the optional jieba-rs backend (@node-rs/jieba) is installed here. */
export function jiebaRsInstalled(): boolean {
  try {
    require.resolve('@node-rs/jieba');
    return true;
  } catch {
    return false;
  }
}

/**
 * The backend the tokenizer-dependent suites run on: FAZHI_TEST_TOKENIZER=jieba-rs
 * runs them on the second backend (tokenizer-backends.test.ts compares the two on every seed unit).
 */
export function testTokenizer(): 'nodejieba' | 'jieba-rs' {
  const name = process.env.FAZHI_TEST_TOKENIZER ?? 'nodejieba';
  assert.ok(name === 'nodejieba' || name === 'jieba-rs', `FAZHI_TEST_TOKENIZER must be nodejieba or jieba-rs, not ${name}`);
  return name;
}
