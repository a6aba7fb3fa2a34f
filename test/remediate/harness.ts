/**
 * plan / remediate in-process through the CLI entry (cliMain) against the sandbox over HTTPS: the same path
 * as the shipped CLI, minus the bundling. The sandbox's control API is the oracle (state, request log).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliMain } from '../../src/platform/cli-main.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import type { ScenarioSpec } from '../../src/sandbox/scenario/spec.js';
import { control, startTestSandbox } from '../sandbox/helpers.js';
import { isWrite } from '../helpers/writes.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface LoggedRequest {
  seq: number;
  service: string;
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface RemediateWorld {
  sandbox: SandboxHandle;
  policyPath: string;
  /** Rewrites the policy file: `edit` gets the sandbox's policy YAML. */
  setPolicy(edit: (yaml: string) => string): void;
  cli(args: string[]): Promise<RunResult>;
  /** cli(args) with `--format json`, parsed. */
  json(args: string[]): Promise<{ code: number; report: Report; stderr: string }>;
  state(): Promise<SandboxState>;
  requests(since?: number): Promise<LoggedRequest[]>;
  stop(): Promise<void>;
}

export interface ReportChange {
  kind: string;
  resource: Record<string, string>;
  description: string;
  applied: boolean;
  error?: string;
}

export interface Report {
  command: string;
  status: string;
  findings: Array<{
    ruleId: string;
    fixable: boolean;
    fix?: string;
    resource: Record<string, string>;
    severity: string;
  }>;
  changes: ReportChange[];
  error?: { message: string };
}

export type SandboxState = Record<string, unknown>;

function sink(): { stream: { write(text: string): boolean }; text: () => string } {
  let text = '';
  return {
    stream: {
      write(chunk: string) {
        text += chunk;
        return true;
      },
    },
    text: () => text,
  };
}

export async function startRemediateWorld(scenario: string | ScenarioSpec): Promise<RemediateWorld> {
  const sandbox = await startTestSandbox(scenario);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'remediate-'));
  const policyPath = path.join(dir, 'ado-guard.yml');
  writeFileSync(policyPath, sandbox.policyYaml);
  const cli = async (args: string[]): Promise<RunResult> => {
    const stdout = sink();
    const stderr = sink();
    const code = await cliMain(
      [...args, '--config', policyPath],
      { ...sandbox.env },
      { stdout: stdout.stream, stderr: stderr.stream },
    );
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };
  return {
    sandbox,
    policyPath,
    setPolicy: (edit) => writeFileSync(policyPath, edit(sandbox.policyYaml)),
    cli,
    json: async (args) => {
      const r = await cli([...args, '--format', 'json']);
      return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
    },
    state: () => control<SandboxState>(sandbox, 'GET', '/state'),
    requests: async (since) =>
      (
        await control<{ value: LoggedRequest[] }>(
          sandbox,
          'GET',
          since === undefined ? '/requests' : `/requests?since=${since}`,
        )
      ).value,
    stop: () => sandbox.stop(),
  };
}

/** Requests that change state (the control origin is not in the log). */
export function writes(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter(isWrite);
}
