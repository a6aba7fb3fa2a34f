/**
 * The workflow commands the action writes itself must be byte for byte what @actions/core writes (the runner parses
 * them): compared with the toolkit on fixed cases and on random text (fast-check), injection attempts included.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as core from '@actions/core';
import fc from 'fast-check';
import {
  appendSummary,
  formatCommand,
  issueCommand,
  readInput,
  writeOutput,
} from '../../src/platform/github-commands.js';
import { captureStdout } from './capture.js';

const saved = { ...process.env };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'gh-cmd-'));
});
afterEach(() => {
  process.env = { ...saved };
  process.exitCode = undefined;
});

/** Text with the characters that matter to the command syntax mixed in. */
const tricky = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '%', '\r', '\n', ':', ',', '=', '::', '%0A', 'é', '→'),
  maxLength: 30,
});

describe('workflow commands', () => {
  it('match @actions/core for masks, debug lines and annotations on random text', async () => {
    await fc.assert(
      fc.asyncProperty(
        tricky,
        tricky,
        fc.nat({ max: 40 }),
        fc.nat({ max: 9 }),
        async (message, file, line, column) => {
          const ours = await captureStdout(() => {
            issueCommand('add-mask', message);
            issueCommand('debug', message);
            issueCommand('warning', message, { file, line, col: column });
            issueCommand('error', message, { file, line });
          });
          const theirs = await captureStdout(() => {
            core.setSecret(message);
            core.debug(message);
            core.warning(message, { file, startLine: line, startColumn: column });
            core.error(message, { file, startLine: line });
          });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps an injected newline inside the one command', () => {
    const line = formatCommand('error', 'bad value\n::add-mask::x\r\n::set-output name=status::pass', {
      file: 'a,b:c.yml',
      line: 3,
    });
    expect(line).toBe(
      '::error file=a%2Cb%3Ac.yml,line=3::bad value%0A::add-mask::x%0D%0A::set-output name=status::pass',
    );
    expect(line.split('\n')).toHaveLength(1);
  });

  it('writes outputs to GITHUB_OUTPUT as the toolkit does, multi-line values included', async () => {
    const ours = path.join(dir, 'ours');
    const theirs = path.join(dir, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    const value = 'line one\nline two: %0A';
    writeOutput('report', value, { GITHUB_OUTPUT: ours });
    process.env.GITHUB_OUTPUT = theirs;
    core.setOutput('report', value);
    const normalise = (text: string) => text.replace(/ghadelimiter_[0-9a-f-]{36}/g, 'ghadelimiter_<uuid>');
    expect(normalise(readFileSync(ours, 'utf8'))).toBe(normalise(readFileSync(theirs, 'utf8')));
    expect(readFileSync(ours, 'utf8')).toMatch(
      /^report<<(ghadelimiter_[0-9a-f-]{36})\nline one\nline two: %0A\n\1\n$/,
    );
  });

  it('refuses a GITHUB_OUTPUT file that does not exist, and falls back to ::set-output without one', async () => {
    expect(() => writeOutput('status', 'pass', { GITHUB_OUTPUT: path.join(dir, 'absent') })).toThrow(
      /GITHUB_OUTPUT names a file that does not exist/,
    );
    const out = await captureStdout(() => writeOutput('status', 'drift\nx', {}));
    expect(out).toBe(`${os.EOL}::set-output name=status::drift%0Ax${os.EOL}`);
  });

  it('appends the job summary with a trailing newline, and skips it outside a job', async () => {
    const summary = path.join(dir, 'summary');
    writeFileSync(summary, 'before\n');
    await appendSummary('## ado-guard', { GITHUB_STEP_SUMMARY: summary });
    await appendSummary('ignored', {});
    expect(readFileSync(summary, 'utf8')).toBe('before\n## ado-guard\n');
  });

  it('reads inputs as the runner passes them: INPUT_<NAME>, spaces as _, trimmed, empty as absent', () => {
    const env = { INPUT_FAILON: '  warning \n', INPUT_DRY_RUN: 'true', INPUT_CONFIG: '   ' };
    expect(readInput('failOn', env)).toBe('warning');
    expect(readInput('dry run', env)).toBe('true');
    expect(readInput('config', env)).toBeUndefined();
    expect(readInput('absent', env)).toBeUndefined();
    process.env.INPUT_FAILON = ' error ';
    expect(readInput('failOn')).toBe(core.getInput('failOn'));
  });
});
