#!/usr/bin/env node
// Benchmark of the sandbox at scale (not part of npm test): how long `large:<projects>x<repos>` takes to start,
// and how long a namespace-wide Git Repositories ACL query for the service user takes
// (`descriptors=<service user>&includeExtendedInfo=true`, over HTTPS). Targets: start < 2 s, query < 300 ms.
// Usage: node scripts/bench-sandbox.mjs [large:1000x10] [--runs 5]
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpileTree } from './test-ca.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GIT_NAMESPACE = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';

const args = process.argv.slice(2);
const scenario = args.find((arg) => arg.startsWith('large')) ?? 'large:1000x10';
const runsIndex = args.indexOf('--runs');
const runs = runsIndex === -1 ? 5 : Number(args[runsIndex + 1] ?? 5);

function get(url, { ca, token }) {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      },
    );
    request.on('error', reject);
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const buildDir = path.join(root, '.cache', 'bench-build', String(process.pid));
const caDir = mkdtempSync(path.join(tmpdir(), 'ado-guard-bench-ca-'));
transpileTree(path.join(root, 'src'), buildDir);
try {
  const { startSandbox } = await import(pathToFileURL(path.join(buildDir, 'sandbox', 'index.js')).href);
  // Make the CA first so that its one-off creation is not counted as start time.
  await (await startSandbox({ scenario: 'large:1x1', caDir })).stop();

  const started = performance.now();
  const sandbox = await startSandbox({ scenario, caDir });
  const startMs = performance.now() - started;
  try {
    const { world, endpoints, caPath } = sandbox;
    const ca = readFileSync(caPath, 'utf8');
    const user = [...world.ado.allIdentities()].find(
      (identity) => identity.principalName === 'dbt-svc@contoso.com',
    );
    if (!user) throw new Error('the service user is missing from the large organization');
    const { accessToken } = world.entra.issueAppToken(world.entra.automation.appId, 'azureDevOps');
    const url =
      `${endpoints.azureDevOps}/${world.ado.organization}/_apis/accesscontrollists/${GIT_NAMESPACE}` +
      `?descriptors=${encodeURIComponent(user.descriptor)}&includeExtendedInfo=true&api-version=7.1`;
    const timings = [];
    let last;
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      last = await get(url, { ca, token: accessToken });
      timings.push(performance.now() - t0);
      if (last.status !== 200)
        throw new Error(`the ACL query answered ${last.status}: ${last.body.toString().slice(0, 300)}`);
    }
    const acls = JSON.parse(last.body.toString());
    const projects = world.ado.projects.length;
    const repositories = world.ado.projects.reduce((sum, project) => sum + project.repositories.length, 0);
    console.log(`scenario                ${scenario} (${projects} projects, ${repositories} repositories)`);
    console.log(`start                   ${startMs.toFixed(0)} ms  (target < 2000 ms)`);
    console.log(`ACL query, first        ${timings[0].toFixed(0)} ms`);
    console.log(`ACL query, median of ${runs}  ${median(timings).toFixed(0)} ms  (target < 300 ms)`);
    console.log(
      `ACL query, answer       ${acls.count ?? '?'} ACLs, ${(last.body.length / 1024).toFixed(0)} KiB`,
    );
  } finally {
    await sandbox.stop();
  }
} finally {
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(caDir, { recursive: true, force: true });
}
