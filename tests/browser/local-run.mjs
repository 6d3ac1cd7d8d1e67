// Starts the packaged local run (devhost/target/cmk-devhost.jar) for a test, at the ports given in LOCAL_RUN_PORT
// and LOCAL_RUN_EMULATOR_PORT or at free ones, and talks to its API and the emulator's admin API.
import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const JAR = join(ROOT, 'devhost/target/cmk-devhost.jar');

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A running local run; stop() ends it. */
export async function startLocalRun({ log, options = [] }) {
  if (!existsSync(JAR)) {
    throw new Error(`${JAR} is missing: build it first (mvn -pl devhost -am package, or bash tests/run.sh)`);
  }
  const port = Number(process.env.LOCAL_RUN_PORT) || await freePort();
  const emulatorPort = Number(process.env.LOCAL_RUN_EMULATOR_PORT) || await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cmk-local-run-'));
  const child = spawn('java', ['-jar', JAR, '--port', String(port), '--emulator-port', String(emulatorPort), ...options],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log);
  child.stderr.pipe(out);
  await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the local run was not ready within 120 s; see ${log}`)), 120_000);
    child.stdout.on('data', (chunk) => {
      out.write(chunk);
      seen += chunk;
      if (/^Ready/m.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the local run exited (${code}) before it was ready; see ${log}`)));
  });
  const host = `http://127.0.0.1:${port}`;
  return {
    host,
    api: `${host}/api`,
    /** POSTs to the emulator's admin API, trusting exactly the certificate the local run reports. */
    async emulatorAdmin(path, body) {
      const emulator = await (await fetch(`${host}/admin/emulator`)).json();
      const url = new URL(path, emulator.adminEndpoint);
      return new Promise((resolve, reject) => {
        const req = request(url, { method: 'POST', ca: emulator.certificate, headers: { 'Content-Type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (chunk) => { text += chunk; });
            res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text))
              : reject(new Error(`emulator ${path}: HTTP ${res.statusCode} ${text}`))));
          });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON request to the app; answers {status, body}. */
export async function call(url, { method = 'GET', body } = {}) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** Polls until check(binding view) holds, or fails after the timeout. */
export async function waitFor(url, check, what, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    last = (await call(url)).body;
    if (last && check(last)) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s; last seen: ${JSON.stringify(last)}`);
}
