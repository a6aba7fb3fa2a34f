/**
 * `verify` through the shipped CLI bundle against an in-process sandbox: a scenario variant of `healthy` in,
 * the JSON report out. Every run is checked against the report schema and scanned for sandbox secrets.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse, stringify } from 'yaml';
import type { Finding } from '../../src/core/findings.js';
import type { Report } from '../../src/core/report.js';
import type { SandboxHandle, ScenarioSpec } from '../../src/sandbox/index.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import { startTestSandbox } from '../sandbox/helpers.js';
import { baseEnv, BUNDLES, hasStackTrace, runBundle, type BundleResult } from './run-bundle.js';

export const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: depending on the interop its function is the module or its `default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
})();

/** Fields that legitimately differ between two runs of the same verify. */
export function stable(report: Report): Report {
  return { ...report, startedAt: 'x', durationMs: 0 };
}

/** A copy of the built-in `healthy` scenario with one change. */
export function healthyWith(change: (spec: ScenarioSpec) => void): ScenarioSpec {
  const spec = structuredClone(builtInScenario('healthy'));
  spec.name = 'healthy (changed)';
  change(spec);
  return spec;
}

/** The policy file as a plain object, to edit before a run. */
export type PolicyDocument = Record<string, unknown> & {
  tenantId: string;
  integrations: {
    dbtCloud: { applicationClientId: string; accountId: number; accessUrl: string };
    conductorOne: { connectorId: string; applicationClientId: string; appId: string };
    defenderForCloud?: Record<string, never>;
  };
};

/** What a finding is, without its prose: the part a mutation must get exactly right. */
export function brief(findings: readonly Finding[]) {
  return findings.map(({ ruleId, severity, integration, resource }) => ({
    ruleId,
    severity,
    integration,
    resource,
  }));
}

export interface VerifyRun {
  result: BundleResult;
  report: Report;
  policyPath: string;
}

export interface VerifyOptions {
  /** Changes the sandbox's policy before it is written. */
  editPolicy?: (policy: PolicyDocument) => void;
  /** Default `never`, so the exit code says only whether the run itself worked; `default` passes none. */
  failOn?: 'error' | 'warning' | 'info' | 'never' | 'default';
  /** An already written policy file (then `editPolicy` is ignored). */
  policyPath?: string;
  /** Extra environment variables, e.g. `AZURE_DEVOPS_TOKEN`. */
  env?: Record<string, string>;
}

export class SandboxRun {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'verify-rules-'));
  private runs = 0;

  private constructor(readonly sandbox: SandboxHandle) {}

  static async start(scenario: ScenarioSpec | string): Promise<SandboxRun> {
    return new SandboxRun(await startTestSandbox(scenario));
  }

  stop(): Promise<void> {
    return this.sandbox.stop();
  }

  /** The sandbox's printed policy, parsed (a fresh copy each call). */
  policy(): PolicyDocument {
    return parse(this.sandbox.policyYaml) as PolicyDocument;
  }

  /** A fresh folder of this run's temp directory (e.g. a runner's temp folder). */
  folder(name: string): string {
    const folder = path.join(this.dir, name);
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  /** Writes the (edited) policy to a file of its own. */
  writePolicy(editPolicy?: (policy: PolicyDocument) => void): string {
    const policyPath = path.join(this.dir, `ado-guard-${++this.runs}.yml`);
    if (editPolicy) {
      const policy = this.policy();
      editPolicy(policy);
      writeFileSync(policyPath, stringify(policy));
    } else {
      writeFileSync(policyPath, this.sandbox.policyYaml);
    }
    return policyPath;
  }

  /** The sandbox's credentials, as the CLI reads them from the environment. */
  credentials(): Record<string, string> {
    return this.sandbox.env;
  }

  /** `ado-guard verify --format json` through the CLI bundle; the report must match the schema. */
  async verify(options: VerifyOptions = {}): Promise<VerifyRun> {
    const policyPath = options.policyPath ?? this.writePolicy(options.editPolicy);
    const failOn = options.failOn ?? 'never';
    const args = ['verify', '--config', policyPath, '--format', 'json'];
    if (failOn !== 'default') args.push('--fail-on', failOn);
    const result = await runBundle(BUNDLES.cli, args, baseEnv({ ...this.credentials(), ...options.env }));
    let report: Report;
    try {
      report = JSON.parse(result.stdout) as Report;
    } catch {
      throw new Error(
        `verify printed no JSON report (exit ${result.code}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    expect(validateReport(report)).toBe(true);
    expect(validateReport.errors ?? []).toEqual([]);
    expect(hasStackTrace(result.stderr)).toBe(false);
    this.assertNoSecrets(result.stdout, result.stderr);
    return { result, report, policyPath };
  }

  /**
   * Every secret the sandbox knows: the secret credentials of its env (tenant and client ids are identifiers,
   * printed legitimately) and every secret it generated (client secrets, PATs, tokens' signing material).
   */
  secrets(): string[] {
    const env = this.sandbox.env;
    const fromEnv = ['AZURE_CLIENT_SECRET', 'DBT_CLOUD_TOKEN', 'CONDUCTORONE_CLIENT_SECRET']
      .map((name) => env[name])
      .filter((value): value is string => value !== undefined);
    expect(fromEnv).toHaveLength(3);
    return [...new Set([...fromEnv, ...this.sandbox.world.secrets().filter((s) => s.length >= 8)])];
  }

  /** Fails naming the text (by position) and the line that holds a secret, with the secret itself masked. */
  assertNoSecrets(...texts: string[]): void {
    const secrets = this.secrets();
    const leaks: string[] = [];
    texts.forEach((text, index) => {
      for (const secret of secrets) {
        const line = text.split('\n').find((l) => l.includes(secret));
        if (line !== undefined) leaks.push(`text #${index}: ${line.split(secret).join('<SECRET>')}`);
      }
    });
    expect(leaks).toEqual([]);
  }

  /** Project id, and `repoV2`/`PublisherSecurity` tokens, of the running sandbox. */
  projectId(project: string): string {
    const found = this.sandbox.world.ado.project(project);
    if (!found) throw new Error(`the sandbox has no project ${project}`);
    return found.id;
  }

  /** keyIds of an app's client secrets, as the sandbox's Graph holds them. */
  secretKeyIds(appId: string): string[] {
    const tenant = this.sandbox.world.snapshot().tenant as {
      applications: { appId: string; passwordCredentials: { keyId: string }[] }[];
    };
    const app = tenant.applications.find((a) => a.appId === appId);
    if (!app) throw new Error(`the sandbox has no app ${appId}`);
    return app.passwordCredentials.map((p) => p.keyId);
  }

  repoToken(project: string, repository: string): string {
    const found = this.sandbox.world.ado.project(project)?.repositories.find((r) => r.name === repository);
    if (!found) throw new Error(`the sandbox has no repository ${project}/${repository}`);
    return `repoV2/${this.projectId(project)}/${found.id}`;
  }
}

/** Starts a sandbox for one scenario, hands it to `body`, and always stops it. */
export async function withSandbox<T>(
  scenario: ScenarioSpec | string,
  body: (run: SandboxRun) => Promise<T>,
): Promise<T> {
  const run = await SandboxRun.start(scenario);
  try {
    return await body(run);
  } finally {
    await run.stop();
  }
}
