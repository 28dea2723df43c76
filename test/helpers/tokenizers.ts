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
