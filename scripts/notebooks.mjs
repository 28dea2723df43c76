#!/usr/bin/env node
/**
 * Execute every notebook in notebooks/ headlessly, with Jupyter's nbconvert
 * and the tslab TypeScript kernel, and fail when any cell fails.
 *
 *   node scripts/notebooks.mjs            run them into a temporary folder (the test)
 *   node scripts/notebooks.mjs --save     run them in place, refreshing the saved outputs
 *   node scripts/notebooks.mjs 02         only notebooks whose name contains "02"
 *
 * What it sets up, so that a fresh clone needs only `npm install && npm test`:
 *   - Jupyter: a Python that can import nbconvert, nbclient, ipykernel and
 *     jupyter_client (Debian's /usr/bin/python3 first: the python3 first on
 *     PATH may be another build without Jupyter). When there is none and
 *     apt-get is there, the Debian packages are installed (as .ci/run does).
 *   - the tslab kernel (a devDependency), registered in a kernel folder of
 *     this checkout (node_modules/.cache/fazhi-jupyter), found via
 *     JUPYTER_PATH: nothing is registered in the user's own Jupyter.
 * Notebooks import the built library (../dist/index.js): `npm run notebooks`
 * and `npm test` build it first.
 *
 * FAZHI_SKIP_NOTEBOOKS=1 skips the run (with a message), for machines where
 * Jupyter cannot be installed. The last line is "notebooks: N passed, N failed".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NOTEBOOKS = join(ROOT, 'notebooks');
const KERNEL_PREFIX = join(ROOT, 'node_modules', '.cache', 'fazhi-jupyter');
const APT_PACKAGES = ['jupyter-nbconvert', 'python3-ipykernel', 'jupyter-client'];
/** Seconds a cell may run, and a whole notebook. */
const CELL_TIMEOUT = 300;
const NOTEBOOK_TIMEOUT = 900;

const args = process.argv.slice(2);
const save = args.includes('--save');
const filters = args.filter((a) => !a.startsWith('--'));

function say(msg) {
  process.stdout.write(`notebooks: ${msg}\n`);
}

function run(cmd, argv, opts = {}) {
  return spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
}

function hasJupyter(python) {
  const r = run(python, ['-c', 'import nbconvert, nbclient, ipykernel, jupyter_client, IPython']);
  return r.status === 0;
}

function findPython() {
  const candidates = [...new Set([process.env.FAZHI_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean))];
  return candidates.find((p) => (p.startsWith('/') ? existsSync(p) : true) && hasJupyter(p));
}

function installJupyter() {
  const which = run('sh', ['-c', 'command -v apt-get']);
  if (which.status !== 0) return false;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const prefix = root ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...a) => {
    const [cmd, ...rest] = [...prefix, 'apt-get', ...a];
    return run(cmd, rest, { env, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
  };
  say(`Jupyter is missing: apt-get install ${APT_PACKAGES.join(' ')}`);
  const install = () => apt('install', '-y', '--no-install-recommends', ...APT_PACKAGES);
  return install() || (apt('update') && install());
}

function registerKernel(python) {
  const tslab = join(ROOT, 'node_modules', '.bin', 'tslab');
  if (!existsSync(tslab)) throw new Error('node_modules/.bin/tslab is missing: run npm install (tslab is a devDependency)');
  mkdirSync(KERNEL_PREFIX, { recursive: true });
  const r = run(tslab, ['install', `--python=${python}`, `--binary=${tslab}`, `--prefix=${KERNEL_PREFIX}`]);
  if (r.status !== 0) throw new Error(`tslab install failed:\n${r.stdout}${r.stderr}`);
}

const NUMBER_CELLS = `
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
n = 0
for c in nb.cells:
    if c.cell_type == 'code':
        n += 1
        c.execution_count = n
        for o in c.outputs:
            if o.output_type == 'execute_result':
                o.execution_count = n
nbformat.write(nb, sys.argv[1])
`;

/** Error outputs of an executed notebook (nbconvert stops at the first, but says little). */
function problems(path) {
  const nb = JSON.parse(readFileSync(path, 'utf8'));
  const out = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) if (o.output_type === 'error') out.push(`cell ${i + 1}: ${o.ename}: ${o.evalue}`);
  });
  return out;
}

function main() {
  if (process.env.FAZHI_SKIP_NOTEBOOKS === '1') {
    say('skipped (FAZHI_SKIP_NOTEBOOKS=1)');
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
    say('dist/ is missing: build first (npm run build); npm test and npm run notebooks do');
    return 1;
  }
  let python = findPython();
  if (!python && installJupyter()) python = findPython();
  if (!python) {
    say(`no Python with Jupyter (nbconvert, ipykernel) and none could be installed; on Debian: apt-get install -y --no-install-recommends ${APT_PACKAGES.join(' ')}; or set FAZHI_SKIP_NOTEBOOKS=1`);
    say('0 passed, 1 failed');
    return 1;
  }
  registerKernel(python);

  const books = readdirSync(NOTEBOOKS)
    .filter((f) => f.endsWith('.ipynb') && !f.includes('.nbconvert.'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  const outDir = save ? null : mkdtempSync(join(tmpdir(), 'fazhi-notebooks-'));
  const env = {
    ...process.env,
    JUPYTER_PATH: [join(KERNEL_PREFIX, 'share', 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    PATH: [join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
    // Jupyter's own runtime files, kept out of the user's home on CI.
    JUPYTER_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'fazhi-jupyter-runtime-')),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  for (const book of books) {
    const t0 = Date.now();
    const argv = [
      '-m', 'nbconvert', '--to', 'notebook', '--execute',
      '--ExecutePreprocessor.kernel_name=tslab',
      `--ExecutePreprocessor.timeout=${CELL_TIMEOUT}`,
      '--ExecutePreprocessor.startup_timeout=120',
      '--ExecutePreprocessor.record_timing=False',
      '--log-level=DEBUG',
      ...(save ? ['--inplace'] : ['--output-dir', outDir]),
      join(NOTEBOOKS, book),
    ];
    const r = run(python, argv, { cwd: NOTEBOOKS, env, timeout: NOTEBOOK_TIMEOUT * 1000 });
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    const executed = save ? join(NOTEBOOKS, book) : join(outDir, book);
    const found = r.status === 0 && existsSync(executed) ? problems(executed) : [];
    if (r.status === 0 && found.length === 0) {
      // tslab replies without an execution count; number the cells, or a saved notebook reads as never run ("In [ ]").
      if (save) run(python, ['-c', NUMBER_CELLS, executed]);
      passed++;
      say(`ok   ${book} (${seconds} s)`);
      continue;
    }
    failed++;
    say(`FAIL ${book} (${seconds} s)${r.error ? `: ${r.error.message}` : ''}`);
    for (const p of found) say(`  ${p}`);
    // nbconvert's DEBUG log holds the kernel's messages, the failing cell's real diagnostic among them.
    const log = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n');
    const tail = log.filter((l) => !/^\[NbConvertApp\] (msg_type: (status|execute_input)|content: \{'execution_state')/.test(l)).slice(-120);
    process.stdout.write(tail.map((l) => `    ${l.length > 600 ? `${l.slice(0, 600)} …` : l}`).join('\n') + '\n');
  }
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  rmSync(env.JUPYTER_RUNTIME_DIR, { recursive: true, force: true });
  say(`${books.length} notebook(s) in ${((Date.now() - started) / 1000).toFixed(1)} s${save ? ' (outputs saved)' : ''}`);
  say(`${passed} passed, ${failed} failed`);
  return failed === 0 && books.length > 0 ? 0 : 1;
}

process.exitCode = main();
