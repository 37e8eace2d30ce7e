// Real-browser test of hessnote notebooks.
//
// Starts Debian's Jupyter Notebook 6 on loopback with a token and an isolated Jupyter
// directory, opens each notebook (a temporary copy) in headless Debian Chromium driven by
// playwright-core, clears the outputs, runs Kernel > Restart & Run All from the menu,
// waits for the kernel to go idle with every code cell numbered, and then asserts:
//   - the page's kernel is hessnote, no cell is still running, and the execution counts
//     are 1..n in notebook order (a fresh kernel ran every cell once);
//   - no error output (.output_error) anywhere;
//   - every <img> in an output loaded (complete, naturalWidth > 0) and every SVG output
//     has a non-zero size on the page;
//   - every code cell whose stored outputs hold an image shows a rendered image now, and
//     every code cell with stored outputs shows some output now.
// It saves a full-page screenshot per notebook in tests/browser/out/, prints one line per
// notebook and a closing line `browser: N passed, M failed`, and exits non-zero on failure.
//
// Usage: node run_all.mjs [--readme-dir DIR] [NOTEBOOK.ipynb...]
//   With no notebooks: the self-checks in testdata/ and every notebooks/*.ipynb.
//   A notebook testdata/fail-*.ipynb must FAIL (it proves an assertion can fail): it counts
//   as passed only when one of the problems found contains the text its metadata gives in
//   browser_test.expect_problem.
//   --readme-dir DIR: also write cropped README screenshots of notebook 01 into DIR.
// Environment: HESSNOTE_BIN (default <repo>/hessnote), JUPYTER (/usr/bin/jupyter),
//   CHROMIUM (/usr/bin/chromium), NOTEBOOK_TIMEOUT seconds per notebook (600),
//   TOTAL_TIMEOUT seconds for the whole run (2400), BROWSER_DEBUG=1 for page logs,
//   BROWSER_NO_MENU=1 to use Jupyter.notebook.restart_run_all instead of the menus.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const outDir = path.join(here, 'out');
const hessnote = path.resolve(process.env.HESSNOTE_BIN || path.join(repo, 'hessnote'));
const jupyter = process.env.JUPYTER || '/usr/bin/jupyter';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const notebookTimeout = 1000 * Number(process.env.NOTEBOOK_TIMEOUT || 600);
const totalTimeout = 1000 * Number(process.env.TOTAL_TIMEOUT || 2400);
const debug = process.env.BROWSER_DEBUG === '1';
const started = Date.now();

function log(...a) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.error(`[browser ${t}s]`, ...a);
}

// ---- arguments ----
let readmeDir = null;
const args = process.argv.slice(2);
const notebooks = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--readme-dir') readmeDir = path.resolve(args[++i]);
  else notebooks.push(path.resolve(args[i]));
}
if (notebooks.length === 0) {
  // Self-checks first: the smoke notebook must pass, the fail-* ones must fail.
  for (const f of fs.readdirSync(path.join(here, 'testdata')).sort()) {
    if (f.endsWith('.ipynb')) notebooks.push(path.join(here, 'testdata', f));
  }
  const nbdir = path.join(repo, 'notebooks');
  if (fs.existsSync(nbdir)) {
    for (const f of fs.readdirSync(nbdir).sort()) {
      if (f.endsWith('.ipynb')) notebooks.push(path.join(nbdir, f));
    }
  }
}

// ---- cleanup that runs whatever happens ----
let server = null; // the notebook server (its own process group)
let context = null; // the browser
let tmp = null;
let cleaning = null;
let stopping = false; // set by the watchdog and signal handlers: print nothing more
const tally = { passed: 0, failed: 0 };

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (context) {
      await Promise.race([context.close().catch(() => {}), sleep(10000)]);
      context = null;
    }
    if (server && server.exitCode === null && server.signalCode === null) {
      // SIGTERM lets the server shut its kernels down; then the whole group is killed.
      try { process.kill(-server.pid, 'SIGTERM'); } catch {}
      const gone = await Promise.race([
        new Promise((r) => server.once('exit', () => r(true))),
        sleep(10000).then(() => false),
      ]);
      if (!gone) log('notebook server did not stop on SIGTERM; killing its process group');
    }
    if (server) {
      try { process.kill(-server.pid, 'SIGKILL'); } catch {}
    }
    if (tmp && !process.env.BROWSER_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  })();
  return cleaning;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Bounds a promise that has no timeout of its own (page.evaluate in a hung renderer).
function within(ms, what, promise) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    await cleanup();
    console.log(`browser: ${tally.passed} passed, ${tally.failed + 1} failed (interrupted by ${sig})`);
    process.exit(2);
  });
}
// The whole run is bounded: past TOTAL_TIMEOUT everything is torn down and the run fails.
const watchdog = setTimeout(async () => {
  if (stopping) return;
  stopping = true;
  console.log(`browser: FAIL total timeout of ${totalTimeout / 1000}s exceeded`);
  await cleanup();
  console.log(`browser: ${tally.passed} passed, ${tally.failed + 1} failed`);
  process.exit(3);
}, totalTimeout);
watchdog.unref();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(base, token, ms) {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`notebook server exited with ${server.exitCode}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`, { signal: AbortSignal.timeout(5000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await sleep(250);
  }
  throw new Error(`notebook server not answering after ${ms / 1000}s (${last})`);
}

// What the stored notebook promises: per cell index, whether it has outputs and images.
function storedExpectations(file) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (nb.cells || []).map((c) => {
    const outs = c.cell_type === 'code' ? c.outputs || [] : [];
    const image = outs.some((o) => o.data && Object.keys(o.data).some((k) => k.startsWith('image/')));
    return { code: c.cell_type === 'code', outputs: outs.length, image };
  });
}

// ---- the page-side checks ----

// Runs in the page: the state of the notebook while it executes.
function pageState() {
  const nb = window.Jupyter && window.Jupyter.notebook;
  if (!nb || !nb.kernel) return { ready: false };
  const icon = document.querySelector('#kernel_indicator_icon');
  const cells = nb.get_cells();
  let pending = 0, running = 0;
  cells.forEach((c) => {
    if (c.cell_type !== 'code') return;
    if (c.element[0].classList.contains('running')) running++;
    if (c.get_text().trim() !== '' && typeof c.input_prompt_number !== 'number') pending++;
  });
  return {
    ready: true,
    idle: !!(icon && icon.classList.contains('kernel_idle_icon')),
    pending,
    running,
    errors: document.querySelectorAll('#notebook .output_error').length,
    kernel: nb.kernel.name,
    deaths: window.__kernelDeaths || 0,
  };
}

// Runs in the page: per cell, what rendered. Waits for <img> decoding first.
async function pageReport() {
  const imgs = Array.from(document.querySelectorAll('#notebook .output_area img'));
  await Promise.all(imgs.map((img) => (img.complete ? null : img.decode().catch(() => null))));
  const nb = window.Jupyter.notebook;
  return nb.get_cells().map((c, i) => {
    const el = c.element[0];
    const r = { index: i, type: c.cell_type, outputs: 0, images: 0, broken: [], errors: [], source: c.get_text() };
    if (c.cell_type !== 'code') return r;
    r.prompt = c.input_prompt_number;
    r.outputs = el.querySelectorAll('.output_area').length;
    for (const img of el.querySelectorAll('.output_area img')) {
      if (img.complete && img.naturalWidth > 0 && img.naturalHeight > 0) r.images++;
      else r.broken.push(`img ${img.src.slice(0, 40)}… naturalWidth=${img.naturalWidth}`);
    }
    for (const svg of el.querySelectorAll('.output_svg svg, .output_area svg')) {
      if (svg.parentElement.closest('svg')) continue; // nested svg elements
      const b = svg.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) r.images++;
      else r.broken.push(`svg ${b.width}x${b.height}`);
    }
    for (const e of el.querySelectorAll('.output_error')) r.errors.push(e.innerText.split('\n').slice(0, 3).join(' | '));
    return r;
  });
}

async function runNotebook(page, base, token, name, stored) {
  const problems = [];
  const url = `${base}/notebooks/${encodeURIComponent(name)}?token=${token}`;
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForFunction(
    () => window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded &&
      Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected(),
    null, { timeout: 120000, polling: 250 });
  const kernelName = await within(30000, 'kernel name', page.evaluate(() => Jupyter.notebook.kernel.name));
  if (kernelName !== 'hessnote') problems.push(`kernel is ${kernelName}, not hessnote`);

  // A kernel that dies (the server restarts it, or gives up) fails the notebook at once.
  await within(30000, 'watching the kernel', page.evaluate(() => {
    window.__kernelDeaths = 0;
    Jupyter.notebook.events.on('kernel_autorestarting.Kernel kernel_dead.Kernel kernel_connection_dead.Kernel',
      () => { window.__kernelDeaths++; });
  }));

  // Clear all outputs (the JS API of Cell > All Output > Clear), then Kernel > Restart &
  // Run All through the menu and its confirmation dialog.
  await within(60000, 'clearing outputs', page.evaluate(() => Jupyter.notebook.clear_all_output()));
  const leftover = await within(30000, 'counting outputs', page.evaluate(() => document.querySelectorAll('#notebook .output_area').length));
  if (leftover !== 0) problems.push(`${leftover} outputs left after clearing`);
  let viaMenu = true;
  try {
    if (process.env.BROWSER_NO_MENU === '1') throw new Error('BROWSER_NO_MENU=1');
    await page.click('#kernellink', { timeout: 10000 });
    await page.click('#restart_run_all > a', { timeout: 10000 });
    await page.click('.modal-dialog button.btn-danger', { timeout: 15000 });
  } catch (e) {
    viaMenu = false;
    log(`${name}: menu Restart & Run All failed (${e.message.split('\n')[0]}); using the JS API`);
    await page.keyboard.press('Escape').catch(() => {});
    await within(30000, 'restart_run_all', page.evaluate(() => { Jupyter.notebook.restart_run_all({ confirm: false }); }));
  }
  if (debug) log(`${name}: Restart & Run All via ${viaMenu ? 'menu' : 'Jupyter.notebook.restart_run_all'}`);

  // Wait for every code cell to be numbered, none running, the kernel idle: three polls in a row.
  const deadline = Date.now() + notebookTimeout;
  let state = null, stable = 0, lastLog = Date.now();
  while (Date.now() < deadline) {
    await sleep(500);
    state = await within(60000, 'reading the notebook state', page.evaluate(pageState));
    if (state.deaths > 0) break;
    const finished = state.ready && state.idle && state.running === 0 &&
      (state.pending === 0 || state.errors > 0);
    stable = finished ? stable + 1 : 0;
    if (stable >= 3) break;
    if (Date.now() - lastLog > 30000) {
      lastLog = Date.now();
      log(`${name}: waiting: idle=${state.idle} running=${state.running} unnumbered=${state.pending}`);
    }
  }
  if (state && state.deaths > 0) {
    problems.push('the kernel died while the notebook ran');
  } else if (stable < 3) {
    problems.push(`timeout after ${notebookTimeout / 1000}s: idle=${state && state.idle} running=${state && state.running} unnumbered=${state && state.pending}`);
  } else if (state.pending > 0 && state.errors === 0) {
    problems.push(`${state.pending} code cells never ran`);
  }

  const report = await within(120000, 'checking the outputs', page.evaluate(pageReport));
  // A fresh kernel numbers the cells 1, 2, 3, ... in notebook order (blank cells skipped).
  if (stable >= 3 && state.errors === 0) {
    const counts = report.filter((c) => c.type === 'code' && c.source.trim() !== '').map((c) => c.prompt);
    if (counts.some((n, i) => n !== i + 1)) problems.push(`execution counts are ${counts.join(',')}, not 1..${counts.length}: no fresh kernel, or cells out of order`);
  }
  let images = 0, notRun = 0;
  for (const c of report) {
    if (c.type !== 'code') continue;
    images += c.images;
    for (const e of c.errors) problems.push(`cell ${c.index}: error output: ${e}`);
    for (const b of c.broken) problems.push(`cell ${c.index}: image not rendered: ${b}`);
    const want = stored[c.index];
    if (state && state.errors > 0 && typeof c.prompt !== 'number') {
      notRun++; // aborted after the error: its stored outputs cannot be compared
      continue;
    }
    if (want && want.image && c.images === 0) problems.push(`cell ${c.index}: stored output has an image, the browser shows none`);
    if (want && want.outputs > 0 && c.outputs === 0) problems.push(`cell ${c.index}: stored output has ${want.outputs} outputs, the browser shows none`);
  }
  if (notRun > 0) problems.push(`${notRun} code cells did not run after the error`);
  return { problems, images, cells: report.filter((c) => c.type === 'code').length, report };
}

// Notebook 6 scrolls inside #site; let the page grow so a full-page screenshot has it all.
async function fullPageShot(page, file) {
  await page.addStyleTag({
    content: 'html, body { height: auto !important; overflow: visible !important; }' +
      ' #site { height: auto !important; overflow: visible !important; }',
  });
  await sleep(300);
  await page.screenshot({ path: file, fullPage: true, timeout: 60000 });
}

// README screenshots of notebook 01: the Jupyter header, then a plotting cell scrolled to
// just below it, 1200 px wide, with the viewport sized to the cell (at most 1400 px high).
async function readmeShots(page, report, prefix, dir) {
  const picks = [];
  const withImage = report.filter((c) => c.type === 'code' && c.images > 0);
  const conv = withImage.find((c) => /Convergence/.test(c.source)) || withImage[0];
  if (conv) picks.push(['convergence', conv]);
  const cont = withImage.find((c) => /Contour/.test(c.source) && c !== conv);
  if (cont) picks.push(['contour', cont]);
  fs.mkdirSync(dir, { recursive: true });
  const written = [];
  for (const [what, cell] of picks) {
    const geo = await page.evaluate((i) => {
      const el = Jupyter.notebook.get_cell(i).element[0];
      const header = document.querySelector('#header').getBoundingClientRect().height;
      return { header, height: el.getBoundingClientRect().height };
    }, cell.index);
    const height = Math.min(1400, Math.ceil(geo.header + geo.height + 24));
    await page.setViewportSize({ width: 1200, height });
    await page.evaluate((i) => {
      const el = Jupyter.notebook.get_cell(i).element[0];
      const site = document.querySelector('#site');
      site.scrollTop += el.getBoundingClientRect().top - site.getBoundingClientRect().top - 12;
      Jupyter.notebook.select(i); // the toolbar then shows the cell type, Code
    }, cell.index);
    await sleep(500);
    const file = path.join(dir, `${prefix}-${what}.png`);
    await page.screenshot({ path: file, timeout: 60000 });
    written.push(file);
  }
  await page.setViewportSize({ width: 1200, height: 900 });
  return written;
}

async function main() {
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error('playwright-core is not installed; run tests/browser/deps.sh');
  });
  for (const [what, p, fix] of [['hessnote binary', hessnote, 'make build'],
    ['jupyter', jupyter, 'tests/browser/deps.sh'], ['chromium', chromiumPath, 'tests/browser/deps.sh']]) {
    if (!fs.existsSync(p)) throw new Error(`${what} not found at ${p}; run ${fix}`);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.png')) fs.rmSync(path.join(outDir, f));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hessnote-browser-'));
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(tmp, 'share', 'jupyter'),
    JUPYTER_DATA_DIR: path.join(tmp, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(tmp, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(tmp, 'config'),
    IPYTHONDIR: path.join(tmp, 'ipython'),
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    // HOME stays: the kernel finds the MNIST files through `go env GOMODCACHE`.
  };
  const inst = spawnSync(hessnote, ['install', '--prefix', tmp], { env, encoding: 'utf8', timeout: 60000 });
  if (inst.status !== 0) throw new Error(`hessnote install --prefix failed: ${inst.stderr || inst.error}`);

  // Copies of the notebooks: the repository's stored outputs are never touched.
  const nbDir = path.join(tmp, 'notebooks');
  fs.mkdirSync(nbDir);
  // The data the course reads beside them, as in the repository (notebook 10 reads
  // ../bench/choose.json).
  fs.symlinkSync(path.join(repo, 'bench'), path.join(tmp, 'bench'));
  const names = [];
  for (const f of notebooks) {
    const name = path.basename(f);
    if (names.some((n) => n.name === name)) throw new Error(`two notebooks named ${name}`);
    fs.copyFileSync(f, path.join(nbDir, name));
    const expectFail = path.dirname(f) === path.join(here, 'testdata') && /^fail-/.test(name);
    names.push({ name, expectFail });
  }

  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const base = `http://127.0.0.1:${port}`;
  const serverLog = path.join(outDir, 'notebook-server.log');
  const logFd = fs.openSync(serverLog, 'w');
  server = spawn(jupyter, ['notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
    '--port-retries=0', `--NotebookApp.token=${token}`, '--allow-root', `--notebook-dir=${nbDir}`,
    '--NotebookApp.open_browser=False', '--MappingKernelManager.cull_idle_timeout=0'],
  { env, cwd: nbDir, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  await waitForServer(base, token, 90000);
  log(`notebook server on ${base} (log: ${path.relative(process.cwd(), serverLog)})`);

  context = await chromium.launchPersistentContext(path.join(tmp, 'chrome-profile'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1200, height: 900 },
    timeout: 120000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(60000);

  for (const { name, expectFail } of names) {
    if (stopping) break;
    const t0 = Date.now();
    const page = await context.newPage();
    const pageLog = [];
    page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') pageLog.push(`console: ${m.text()}`); });
    page.on('dialog', (d) => d.dismiss().catch(() => {}));
    let res;
    const shot = path.join(outDir, name.replace(/\.ipynb$/, '.png'));
    try {
      res = await runNotebook(page, base, token, name, storedExpectations(path.join(nbDir, name)));
      if (readmeDir && /^01-/.test(name)) {
        const m = name.match(/^(\d+)/);
        const files = await readmeShots(page, res.report, m[1], readmeDir);
        if (files.length === 0) res.problems.push('no plot found for the README screenshots');
        for (const f of files) log(`README screenshot ${path.relative(process.cwd(), f)}`);
      }
    } catch (e) {
      res = { problems: [`exception: ${e.message.split('\n')[0]}`], images: 0, cells: 0 };
    }
    try {
      await fullPageShot(page, shot);
    } catch (e) {
      res.problems.push(`screenshot failed: ${e.message.split('\n')[0]}`);
    }
    // Shut the kernel down so the next notebook runs alone on the two cores.
    await Promise.race([
      page.evaluate(() => Jupyter.notebook.session.delete()).catch(() => {}),
      sleep(10000),
    ]);
    await page.close().catch(() => {});
    if (stopping) break;
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (debug || res.problems.length) for (const l of pageLog.slice(0, 20)) log(`${name}: ${l}`);
    if (expectFail) {
      // The notebook's metadata.browser_test.expect_problem names the problem it must cause.
      const meta = JSON.parse(fs.readFileSync(path.join(nbDir, name), 'utf8')).metadata || {};
      const want = (meta.browser_test || {}).expect_problem || '';
      const hit = res.problems.find((p) => p.includes(want));
      if (res.problems.length > 0 && hit) {
        tally.passed++;
        console.log(`ok   ${name}: failed as expected (${hit.slice(0, 100)}), ${secs}s`);
      } else {
        tally.failed++;
        console.log(`FAIL ${name}: should have failed with "${want}", found ${JSON.stringify(res.problems)}, ${secs}s`);
      }
    } else if (res.problems.length === 0) {
      tally.passed++;
      console.log(`ok   ${name}: ${res.cells} code cells, ${res.images} images rendered, ${secs}s, ${path.relative(process.cwd(), shot)}`);
    } else {
      tally.failed++;
      console.log(`FAIL ${name}: ${res.problems.length} problems, ${secs}s, ${path.relative(process.cwd(), shot)}`);
      for (const p of res.problems.slice(0, 20)) console.log(`       ${p}`);
    }
  }
  return tally;
}

// On failure, the end of the server log (it holds the kernels' stderr) helps in CI.
function serverLogTail(lines) {
  if (!server) return;
  try {
    const text = fs.readFileSync(path.join(outDir, 'notebook-server.log'), 'utf8').trimEnd().split('\n');
    console.error(`--- last ${lines} lines of tests/browser/out/notebook-server.log ---`);
    console.error(text.slice(-lines).join('\n'));
  } catch {}
}

let code = 1;
try {
  const { passed, failed } = await main();
  if (stopping) await new Promise(() => {}); // the watchdog or a signal handler exits
  await cleanup();
  if (failed > 0) serverLogTail(30);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  code = failed === 0 && passed > 0 ? 0 : 1;
} catch (e) {
  if (stopping) await new Promise(() => {});
  await cleanup();
  serverLogTail(30);
  console.log(`browser: FAIL ${e.message.split('\n')[0]}`);
  console.log('browser: 0 passed, 1 failed');
}
process.exit(code);
