/**
 * What a run must reproduce under faults: its findings as (ruleId, resource), its changes, its exit code and the
 * sandbox's final state, with what legitimately varies between runs normalised away (times, the new secret's
 * keyId and value hint, token counters, fault counters).
 */
import type { Report } from '../../src/core/report.js';

export interface Outcome {
  code: number;
  findings: string[];
  changes: string[];
  rotation?: string;
  state: string;
  /** The run's error, shown when outcomes differ (not compared: its wording may name the fault). */
  error?: string;
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;

/**
 * The normaliser for one final state: password credentials the run created (not in the scenario's start state)
 * get stable labels by order, times and value hints become placeholders.
 */
export function normaliser(
  state: Record<string, unknown>,
  startKeyIds: ReadonlySet<string>,
): (text: string) => string {
  const apps = (
    state.tenant as { applications: { displayName: string; passwordCredentials?: { keyId: string }[] }[] }
  ).applications;
  const labels: [string, string][] = [];
  for (const app of apps) {
    for (const cred of app.passwordCredentials ?? []) {
      if (!startKeyIds.has(cred.keyId))
        labels.push([cred.keyId, `<new key ${labels.length + 1} of ${app.displayName}>`]);
    }
  }
  return (text) => {
    let out = text;
    for (const [keyId, label] of labels) out = out.split(keyId).join(label);
    return out
      .replace(/"(hint|clientSecretHint)":"[^"]*"/g, '"$1":"<hint>"')
      .replace(/<secret hint [^>]*>/g, '<secret hint>')
      .replace(/ado-guard [0-9a-f]{12} /g, 'ado-guard <rotationId> ')
      .replace(ISO_TIME, '<time>');
  };
}

export function stateText(state: Record<string, unknown>): string {
  const { clock: _clock, faults: _faults, ...rest } = state;
  const tenant = { ...(rest.tenant as Record<string, unknown>) };
  delete tenant.activeAccessTokens;
  return JSON.stringify({ ...rest, tenant });
}

export function keyIdsOf(state: Record<string, unknown>): Set<string> {
  const apps = (state.tenant as { applications: { passwordCredentials?: { keyId: string }[] }[] })
    .applications;
  return new Set(apps.flatMap((a) => (a.passwordCredentials ?? []).map((p) => p.keyId)));
}

export function outcomeOf(
  code: number,
  report: Report,
  state: Record<string, unknown>,
  startKeyIds: ReadonlySet<string>,
): Outcome {
  const rotation = report.rotation;
  const normalise = normaliser(state, startKeyIds);
  return {
    code,
    findings: report.findings.map((f) => normalise(`${f.ruleId} ${JSON.stringify(f.resource)}`)).sort(),
    changes: report.changes.map((c) =>
      normalise(`${c.kind} ${JSON.stringify(c.resource)} ${c.description} applied=${c.applied}`),
    ),
    ...(rotation
      ? {
          rotation: JSON.stringify({
            status: rotation.status,
            targets: rotation.targets.map((t) => `${t.name}:${t.status}`),
          }),
        }
      : {}),
    state: normalise(stateText(state)),
    ...(report.error ? { error: report.error.message } : {}),
  };
}

/** Names of the parts that differ, with a short excerpt of the first state difference. */
export function differences(expected: Outcome, actual: Outcome): string[] {
  const out: string[] = [];
  if (expected.code !== actual.code) {
    out.push(`exit code ${expected.code} → ${actual.code} (error: ${actual.error ?? 'none'})`);
  }
  for (const key of ['findings', 'changes', 'rotation'] as const) {
    if (JSON.stringify(expected[key]) !== JSON.stringify(actual[key])) {
      out.push(`${key}: ${JSON.stringify(expected[key])} → ${JSON.stringify(actual[key])}`);
    }
  }
  if (expected.state !== actual.state) {
    let i = 0;
    while (i < expected.state.length && expected.state[i] === actual.state[i]) i++;
    out.push(
      `state differs at ${i}: …${expected.state.slice(Math.max(0, i - 200), i + 200)}… → …${actual.state.slice(
        Math.max(0, i - 200),
        i + 200,
      )}…`,
    );
  }
  return out;
}
