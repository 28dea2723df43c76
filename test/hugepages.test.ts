import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glibcVersion, HUGETLB_TUNABLE, hugePagesTunables } from '../src/cli/hugepages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/cli/fazhi.js');

describe('hugePagesTunables', () => {
  it('asks for huge pages on glibc 2.35 and later only', () => {
    expect(hugePagesTunables({}, '2.35')).toBe(HUGETLB_TUNABLE);
    expect(hugePagesTunables({}, '2.36')).toBe(HUGETLB_TUNABLE);
    expect(hugePagesTunables({}, '3.0')).toBe(HUGETLB_TUNABLE);
    expect(hugePagesTunables({}, '2.34')).toBeNull();
    expect(hugePagesTunables({}, '2.5')).toBeNull();
    // Not glibc (macOS, Windows, musl): nothing to gain from running again.
    expect(hugePagesTunables({}, null)).toBeNull();
  });

  it('keeps tunables already set, and does not run again once the tunable is there', () => {
    expect(hugePagesTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, '2.36')).toBe(`glibc.malloc.arena_max=2:${HUGETLB_TUNABLE}`);
    expect(hugePagesTunables({ GLIBC_TUNABLES: HUGETLB_TUNABLE }, '2.36')).toBeNull();
    // A researcher's own choice of the same tunable is kept, not doubled.
    expect(hugePagesTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0' }, '2.36')).toBeNull();
    // A different tunable whose name merely ends the same way is not it.
    expect(hugePagesTunables({ GLIBC_TUNABLES: 'x.glibc.malloc.hugetlbx=1' }, '2.36')).toBe(`x.glibc.malloc.hugetlbx=1:${HUGETLB_TUNABLE}`);
  });

  it('is turned off by FAZHI_HUGEPAGES=0', () => {
    expect(hugePagesTunables({ FAZHI_HUGEPAGES: '0' }, '2.36')).toBeNull();
  });
});

// The command as package.json's "bin" runs it. Only where this machine's glibc has the tunable.
const hasTunable = hugePagesTunables({}, glibcVersion()) !== null;

describe.skipIf(!hasTunable)('the fazhi command on glibc', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'fazhi-hugepages-'));
  }, 120_000);

  /** This environment without either variable, as on a researcher's machine. */
  function plainEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    delete env.FAZHI_HUGEPAGES;
    return env;
  }

  // Preloaded (node --import) into the command and, through its node options, into the process it runs again:
  // each process appends the GLIBC_TUNABLES it started with.
  function probe(name: string, extra = ''): { script: string; log: string } {
    const log = join(dir, `${name}.log`);
    const script = join(dir, `${name}.mjs`);
    writeFileSync(script, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, (process.env.GLIBC_TUNABLES ?? '-') + '\\n');\n${extra}\n`);
    return { script, log };
  }

  it('runs itself again with huge pages, once, and prints what the command prints', () => {
    const { script, log } = probe('version');
    const r = spawnSync(process.execPath, ['--import', script, BIN, '--version'], { encoding: 'utf8', env: plainEnv() });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(readFileSync(log, 'utf8')).toBe(`-\n${HUGETLB_TUNABLE}\n`);
  });

  it('runs in one process with FAZHI_HUGEPAGES=0', () => {
    const { script, log } = probe('off');
    const env = { ...plainEnv(), FAZHI_HUGEPAGES: '0' };
    const r = spawnSync(process.execPath, ['--import', script, BIN, '--version'], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('-\n');
  });

  it("ends with the command's exit status", () => {
    const env = plainEnv();
    const r = spawnSync(process.execPath, [BIN, 'analyze', join(dir, 'nothing-here'), '--out', join(dir, 'out'), '-q'], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nothing could be analysed');
    expect(existsSync(join(dir, 'out', 'manifest.csv'))).toBe(true);
    const wrong = spawnSync(process.execPath, [BIN, 'analyze', '--jobs', '0'], { encoding: 'utf8', env });
    expect(wrong.status).toBe(2);
  });

  it('ends by the signal that stopped the command', () => {
    // The process run again stops itself with SIGTERM as soon as it starts.
    const { script } = probe('signal', `if ((process.env.GLIBC_TUNABLES ?? '').includes('hugetlb')) process.kill(process.pid, 'SIGTERM');`);
    const env = plainEnv();
    const r = spawnSync(process.execPath, ['--import', script, BIN, '--version'], { encoding: 'utf8', env });
    expect(r.signal).toBe('SIGTERM');
    expect(r.stdout).toBe('');
  });
});
