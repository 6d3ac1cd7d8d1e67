// The dashboard in a real browser (headless Chromium from @sparticuz/chromium, driven by puppeteer-core), served by
// the local run with a binding in each state: what a person sees, at a desktop and a phone width.
// Screenshots: target/browser/dashboard-<width>.png. Ports: LOCAL_RUN_PORT / LOCAL_RUN_EMULATOR_PORT, or free ones.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { call, startLocalRun, waitFor } from './local-run.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = join(ROOT, 'target/browser');
mkdirSync(OUT, { recursive: true });
// Chromium unpacks itself under the temporary folder: one of our own, so parallel runs do not meet
const SCRATCH = mkdtempSync(join(OUT, 'tmp-'));
process.env.TMPDIR = SCRATCH;
const { default: chromium } = await import('@sparticuz/chromium');
const { default: puppeteer } = await import('puppeteer-core');

const example = (name) => JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
const RG = '/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-cmk-demo/providers';
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
// the page's colours for each state (DashboardStyle), as computed styles report them
const GREEN = 'rgb(26, 127, 55)';
const AMBER = 'rgb(154, 103, 0)';
const RED = 'rgb(207, 34, 46)';
const PILL = { True: 'rgb(218, 251, 225)', Waiting: 'rgb(255, 248, 197)', False: 'rgb(255, 235, 233)' };

let run;
let browser;

/** Bindings in every state the dashboard draws, and a requested HSM awaiting activation. */
async function arrangeEveryState() {
  const bindings = `${run.api}/bindings`;
  assert.equal((await call(bindings, { method: 'POST', body: example('des-binding.json') })).status, 202);
  assert.equal((await call(bindings, { method: 'POST', body: example('storage-binding.json') })).status, 202);
  // Failed: the target does not exist (IdentityReady False/TargetNotFound)
  const missing = { ...example('storage-binding.json'), name: 'missing-target',
    identity: { create: { resourceGroup: 'rg-cmk-demo', name: 'id-missing' } },
    target: `${RG}/Microsoft.Storage/storageAccounts/stnotthere` };
  assert.equal((await call(bindings, { method: 'POST', body: missing })).status, 202);
  // an HSM awaiting activation (no wrapping certificates), and a binding Converging on it
  assert.equal((await call(`${run.api}/hsms`, { method: 'POST', body: example('hsm-request.json') })).status, 202);
  await run.emulatorAdmin('clock/advance', { duration: 'PT3M' }); // past the HSM's provisioning
  const onSecondHsm = { ...example('databricks-binding.json'), name: 'awaiting-hsm',
    hsm: `${RG}/Microsoft.KeyVault/managedHSMs/cmk-second-hsm` };
  assert.equal((await call(bindings, { method: 'POST', body: onSecondHsm })).status, 202);

  for (const name of ['vm-disks', 'orders-storage']) {
    await waitFor(`${bindings}/${name}`, (b) => b.phase === 'Verified', `${name} verified`);
  }
  await waitFor(`${bindings}/missing-target`, (b) => b.phase === 'Failed', 'missing-target failed');
  await waitFor(`${run.api}/hsms/cmk-second-hsm`, (h) => h.status?.condition?.reason === 'NotActivated',
    'cmk-second-hsm awaiting activation');
  await waitFor(`${bindings}/awaiting-hsm`, (b) => b.status?.conditions?.[0]?.reason === 'NotActivated',
    'awaiting-hsm waiting on activation');
  // AwaitingPickup: a new version that Storage has not picked up yet, seen by a pass (the sweep's)
  assert.equal((await call(`${run.api}/keys/cmk-demo-hsm/orders-cmk/rotate`, { method: 'POST' })).status, 202);
  assert.equal((await fetch(`${run.host}/admin/functions/HealthSweep`, { method: 'POST' })).status, 202);
  await waitFor(`${bindings}/orders-storage`, (b) => b.status?.cause?.startsWith('health sweep')
    && b.status.conditions[5].reason === 'AwaitingPickup', 'orders-storage awaiting pickup');
  await waitFor(`${bindings}/vm-disks`, (b) => b.phase === 'Verified', 'vm-disks rebound');
}

/** Loads the dashboard at a width; answers what the page showed and what the browser reported. */
async function view(width) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.setViewport({ width, height: 900 });
  const response = await page.goto(`${run.api}/dashboard`, { waitUntil: 'load' });
  await page.screenshot({ path: join(OUT, `dashboard-${width}.png`), fullPage: true });
  const seen = await page.evaluate(() => {
    const style = (element, property) => (element ? getComputedStyle(element)[property] : null);
    const cards = {};
    for (const card of document.querySelectorAll('.card')) {
      cards[card.dataset.binding] = {
        text: card.innerText,
        border: style(card, 'borderLeftColor'),
        borderStyle: style(card, 'borderLeftStyle'),
        phaseColour: style(card.querySelector('.phase'), 'color'),
        pills: [...card.querySelectorAll('.chain .pill')].map((pill) => ({ text: pill.textContent,
          state: pill.classList[1], background: style(pill, 'backgroundColor'), border: style(pill, 'borderStyle') })),
        visible: card.getBoundingClientRect().width > 0,
      };
    }
    return {
      cards,
      text: document.body.innerText,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      scripts: document.scripts.length,
    };
  });
  await page.close();
  return { response, problems, seen };
}

describe('the dashboard in headless Chromium', () => {
  before(async () => {
    run = await startLocalRun({ log: join(OUT, 'local-run.log'), options: ['--no-timers'] });
    await arrangeEveryState();
    browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      headless: true,
      // the closed network refuses Chromium's own background connections: none are made
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
        `--user-data-dir=${mkdtempSync(join(SCRATCH, 'profile-'))}`],
    });
  });

  after(async () => {
    await browser?.close();
    await run?.stop();
    rmSync(SCRATCH, { recursive: true, force: true }); // the unpacked Chromium and its profile
  });

  for (const width of [1280, 390]) {
    describe(`at ${width} px`, () => {
      let result;
      before(async () => { result = await view(width); });

      it('is served with its Content-Security-Policy, runs no script and logs no error', () => {
        assert.equal(result.response.status(), 200);
        assert.equal(result.response.headers()['content-security-policy'], CSP);
        assert.equal(result.seen.scripts, 0);
        assert.deepEqual(result.problems, []);
      });

      it('does not scroll sideways', () => {
        assert.ok(result.seen.scrollWidth <= result.seen.innerWidth,
          `the page is ${result.seen.scrollWidth} px wide in a ${result.seen.innerWidth} px window`);
      });

      it('shows a verified binding in green, every condition held', () => {
        const card = result.seen.cards['vm-disks'];
        assert.match(card.text, /vm-disks\s+Verified/);
        assert.equal(card.border, GREEN);
        assert.equal(card.phaseColour, GREEN);
        assert.deepEqual(card.pills.map((p) => p.state), ['True', 'True', 'True', 'True', 'True', 'True']);
        assert.ok(card.pills.every((p) => p.background === PILL.True));
        assert.match(card.text, /caused by rotated cmk-demo-hsm\/orders-cmk to .* on request/);
      });

      it('shows a binding whose service has yet to pick up the new version as verified, dashed, with why', () => {
        const card = result.seen.cards['orders-storage'];
        assert.match(card.text, /orders-storage\s+Verified · awaiting pickup/);
        assert.equal(card.border, GREEN);
        assert.equal(card.borderStyle, 'dashed');
        assert.equal(card.pills[5].state, 'True');
        assert.equal(card.pills[5].border, 'dashed');
        assert.match(card.text, /Verified True\/AwaitingPickup: .+/);
      });

      it('shows a binding converging on an HSM that is not activated in amber, with why', () => {
        const card = result.seen.cards['awaiting-hsm'];
        assert.match(card.text, /awaiting-hsm\s+Converging/);
        assert.equal(card.border, AMBER);
        assert.equal(card.pills[0].background, PILL.Waiting);
        assert.match(card.text, /HsmReady Waiting\/NotActivated: .+/);
      });

      it('shows a failed binding in red, with the message of the condition that failed', () => {
        const card = result.seen.cards['missing-target'];
        assert.match(card.text, /missing-target\s+Failed/);
        assert.equal(card.border, RED);
        assert.equal(card.phaseColour, RED);
        const failed = card.pills.find((p) => p.state === 'False');
        assert.equal(failed.text, 'IdentityReady');
        assert.equal(failed.background, PILL.False);
        assert.match(card.text, /IdentityReady False\/TargetNotFound: .+stnotthere/);
      });

      it('shows the HSM awaiting activation with the command that activates it', () => {
        assert.match(result.seen.text, /Managed HSM cmk-second-hsm\s+requested through POST \/api\/hsms/);
        assert.match(result.seen.text, /False|Waiting\/NotActivated/);
        assert.match(result.seen.text, /az keyvault security-domain download/);
      });

      it('shows the HSM the bindings use, and a legend of the marks', () => {
        assert.match(result.seen.text, /Managed HSM cmk-demo-hsm\s+deployed outside the app · used by 3 binding\(s\)/);
        assert.match(result.seen.text, /Legend/);
        assert.match(result.seen.text, /Verified: all six conditions hold/);
      });
    });
  }
});
