/**
 * Runs `rotate` in process against the sandbox, the way runReportCommand does (runner → report → publish), with
 * the rotation's clock on sandbox time: its waits move the sandbox clock instead of sleeping.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createContext } from '../../src/app/context.js';
import { publish } from '../../src/app/publish.js';
import { createServices } from '../../src/app/services.js';
import { createRotateRunner } from '../../src/app/commands/rotate.js';
import type { CommandOutcome } from '../../src/app/commands/outcome.js';
import { OperationalError } from '../../src/core/errors.js';
import type { ExitCode } from '../../src/core/exit-codes.js';
import { parsePolicy } from '../../src/core/policy/load.js';
import type { Policy } from '../../src/core/policy/schema.js';
import { createReport, type Report, type RotationStep } from '../../src/core/report.js';
import { renderJson } from '../../src/report/json.js';
import { VERSION } from '../../src/core/version.js';
import type { Host, RunOptions } from '../../src/platform/host.js';
import { readCliCredentials } from '../../src/platform/cli.js';
import type { RotationClock, RotationLimits } from '../../src/rotate/clock.js';
import { builtInScenario } from '../../src/sandbox/scenario/builtins.js';
import type { SandboxHandle, ScenarioSpec } from '../../src/sandbox/index.js';
import { startTestSandbox } from '../sandbox/helpers.js';

/** Every report a test run produces must match the JSON report contract (DESIGN.md §6). */
const validateReport = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: depending on the interop its function is the module or its `default`.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv2020,
  ) => void;
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
})();

/**
 * Shorter bounds than production so a test's waits move the sandbox clock by well under two minutes: the
 * ConductorOne client assertion is signed with real time, and the sandbox refuses one whose exp lies in its past.
 */
export const TEST_LIMITS: Partial<RotationLimits> = {
  proveWindowMs: 20_000,
  proveFirstDelayMs: 2000,
  proveMaxDelayMs: 8000,
  pollIntervalMs: 2000,
  syncTimeoutMs: 20_000,
  jobTimeoutMs: 20_000,
  lockWindowMs: 30_000,
};

export function scenario(name: 'healthy' | 'drifted', change?: (spec: ScenarioSpec) => void): ScenarioSpec {
  const spec = structuredClone(builtInScenario(name));
  spec.name = `${name} (changed)`;
  change?.(spec);
  return spec;
}

/** Everything a host was told, for assertions (and leak scans). */
export interface HostRecord {
  lines: string[];
  masked: string[];
  printed: string[];
  outputs: Record<string, { value: string; secret: boolean }>;
  summary: string;
  exitCode?: ExitCode;
}

function recordingHost(options: RunOptions, env: NodeJS.ProcessEnv, record: HostRecord): Host {
  const line = (kind: string) => (message: string) => record.lines.push(`${kind}: ${message}`);
  return {
    platform: 'github',
    options,
    credentials: readCliCredentials(env),
    credentialSource: (name) => `input ${name}`,
    setSecret: (value) => record.masked.push(value),
    debug: line('debug'),
    info: line('info'),
    warning: line('warning'),
    error: line('error'),
    step: line('step'),
    print: (text) => record.printed.push(text),
    setOutput: (name, value, o) => (record.outputs[name] = { value, secret: o?.secret === true }),
    writeSummary: (markdown) => {
      record.summary += markdown;
      return Promise.resolve();
    },
    finish: (code) => (record.exitCode = code),
  };
}

export interface RunResult {
  report: Report;
  code: ExitCode;
  host: HostRecord;
  steps: RotationStep[];
}

export interface RunOptionsForTest {
  force?: boolean;
  dryRun?: boolean;
  /** Policy YAML edits (e.g. rotation settings) applied to the sandbox's printed policy. */
  policy?: (yaml: string) => string;
  onStep?: (step: RotationStep) => void | Promise<void>;
}

export class RotateWorld {
  constructor(readonly sandbox: SandboxHandle) {}

  /** Rotation time is sandbox time; a wait advances the sandbox clock. */
  readonly clock: RotationClock = {
    now: () => this.sandbox.world.clock.now(),
    sleep: async (ms) => {
      this.sandbox.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };

  policy(edit?: (yaml: string) => string): Policy {
    const yaml = edit ? edit(this.sandbox.policyYaml) : this.sandbox.policyYaml;
    return parsePolicy('ado-guard.yml', yaml, {}).policy;
  }

  /** One `rotate` run with fresh services (fresh tokens), like a new pipeline run. */
  async run(options: RunOptionsForTest = {}): Promise<RunResult> {
    const record: HostRecord = { lines: [], masked: [], printed: [], outputs: {}, summary: '' };
    const runOptions: RunOptions = {
      command: 'rotate',
      configPath: 'ado-guard.yml',
      format: 'json',
      failOn: 'error',
      apply: false,
      dryRun: options.dryRun ?? false,
      force: options.force ?? false,
      quiet: false,
      color: false,
    };
    const host = recordingHost(runOptions, this.sandbox.env, record);
    const ctx = createContext(host, new Date(this.clock.now()));
    const policy = this.policy(options.policy);
    const services = createServices(ctx, policy);
    const runner = createRotateRunner({
      clock: this.clock,
      limits: TEST_LIMITS,
      ...(options.onStep ? { onStep: options.onStep } : {}),
    });
    let outcome: CommandOutcome = { findings: [] };
    let error: { message: string; service?: string } | undefined;
    try {
      outcome = await runner(ctx, policy, services, (partial) => (outcome = partial));
    } catch (failure) {
      if (!(failure instanceof OperationalError)) throw failure;
      error = {
        message: ctx.redact(failure.message),
        ...(failure.service ? { service: failure.service } : {}),
      };
      ctx.error(error.message);
    } finally {
      services.http.close();
    }
    const report = createReport({
      command: 'rotate',
      version: VERSION,
      startedAt: ctx.startedAt,
      findings: outcome.findings,
      ...(outcome.changes ? { changes: outcome.changes } : {}),
      ...(outcome.rotation ? { rotation: outcome.rotation } : {}),
      requests: services.http.requestCount,
      ...(error ? { error } : {}),
    });
    if (!validateReport(JSON.parse(renderJson(report)))) {
      throw new Error(`the rotate report breaks the schema: ${JSON.stringify(validateReport.errors)}`);
    }
    const code = await publish(ctx, report, 'ado-guard.yml');
    return { report, code, host: record, steps: report.rotation?.steps ?? [] };
  }

  /** Secrets of an app as the sandbox holds them (keyId, displayName), oldest first. */
  secretsOf(appName: string): { keyId: string; displayName: string | null }[] {
    const app = this.sandbox.world.entra.resolveApplication(appName);
    if (!app) throw new Error(`no app ${appName} in the sandbox`);
    return [...app.passwordCredentials]
      .sort((a, b) => a.startDateTime - b.startDateTime)
      .map((p) => ({ keyId: p.keyId, displayName: p.displayName }));
  }

  /** keyId of the Entra secret dbt Cloud stores, and whether Entra accepts it now. */
  dbtHolds(): { keyId: string | undefined; accepted: boolean } {
    const { entra } = this.sandbox.world;
    const rec = this.sandbox.world.dbt?.record;
    if (!rec) return { keyId: undefined, accepted: false };
    return {
      keyId: entra.keyIdOfSecret(rec.clientId, rec.clientSecret),
      accepted: entra.checkClientSecret(rec.tenantId, rec.clientId, rec.clientSecret) === 'ok',
    };
  }

  /** keyId of the Entra secret the ConductorOne connector stores, and whether Entra accepts it now. */
  c1Holds(): { keyId: string | undefined; accepted: boolean } {
    const { entra } = this.sandbox.world;
    const connector = this.sandbox.world.c1?.connectors[0];
    const cfg = connector?.configuration ?? {};
    const tenant = cfg.azure_devops_tenant_id ?? '';
    const clientId = cfg.oauth2_client_cred_grant_client_id ?? '';
    const secret = cfg.oauth2_client_cred_grant_client_secret ?? '';
    return {
      keyId: entra.keyIdOfSecret(clientId, secret),
      accepted: entra.checkClientSecret(tenant, clientId, secret) === 'ok',
    };
  }

  /** Every secret value the sandbox knows (for leak scans). */
  knownSecrets(): string[] {
    return this.sandbox.world.secrets().filter((s) => s.length >= 8);
  }

  async stop(): Promise<void> {
    await this.sandbox.stop();
  }
}

export async function startRotateWorld(spec: ScenarioSpec | string): Promise<RotateWorld> {
  return new RotateWorld(await startTestSandbox(spec));
}

/** Everything a run put out, as one text for leak scans. */
export function everythingPrinted(result: RunResult): string {
  return [
    JSON.stringify(result.report),
    ...result.host.lines,
    ...result.host.printed,
    result.host.summary,
    ...Object.entries(result.host.outputs)
      .filter(([, o]) => !o.secret)
      .map(([k, o]) => `${k}=${o.value}`),
  ].join('\n');
}
