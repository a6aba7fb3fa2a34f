import { describe, expect, it } from '@jest/globals';
import { helpText, parseArgs } from '../../src/platform/cli-args.js';
import { createCliHost } from '../../src/platform/cli.js';
import { parseRunOptions } from '../../src/platform/options.js';
import { COMMANDS } from '../../src/platform/host.js';

function streams() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

describe('CLI arguments', () => {
  it('parses a command with flags', () => {
    const { raw } = parseArgs([
      'verify',
      '--config',
      'p.yml',
      '--format=sarif',
      '-o',
      'out.sarif',
      '--fail-on',
      'warning',
      '--no-color',
    ]);
    expect(raw).toEqual({
      command: 'verify',
      config: 'p.yml',
      format: 'sarif',
      output: 'out.sarif',
      failOn: 'warning',
      color: false,
    });
  });

  it.each([
    [['verify', '--frobnicate'], 'unknown option --frobnicate; see ado-guard --help.'],
    [['verify', '--config'], '--config needs a value (FILE).'],
    [['verify', 'plan'], 'one command at a time (got verify, plan); see ado-guard --help.'],
    [
      [],
      'a command is needed: verify, plan, remediate, rotate, sandbox, demo, schema; see ado-guard --help.',
    ],
    [['verify', '--apply'], '--apply does not apply to verify; see ado-guard verify --help.'],
  ])('rejects %j clearly', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('validates values with the flag name', () => {
    const name = (o: string) => `--${o.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    expect(() =>
      parseRunOptions({ command: 'verify', format: 'xml' }, name as never, { format: 'text' }),
    ).toThrow('--format must be one of text, markdown, json, sarif (got "xml").');
    expect(() => parseRunOptions({ command: 'deploy' }, name as never, { format: 'text' })).toThrow(
      '--command must be one of',
    );
  });

  it('has help for every command, naming every option it takes', () => {
    for (const command of COMMANDS) {
      const text = helpText(command);
      expect(text).toContain(`Usage: ado-guard ${command} [options]`);
      expect(text).toContain('Examples:');
    }
    expect(helpText('remediate')).toContain('--apply');
    expect(helpText('verify')).not.toContain('--apply');
    expect(helpText()).toContain('Exit codes: 0 clean; 1 findings');
  });
});

describe('CLI host', () => {
  it('prints the report on stdout and everything else on stderr, with locations', () => {
    const { out, streams: s } = streams();
    const options = parseRunOptions({ command: 'verify' }, (o) => o, { format: 'text' });
    const host = createCliHost(options, { env: { DBT_CLOUD_TOKEN: 'tok' }, streams: s, debug: false });
    host.print('REPORT');
    host.step('Reading projects');
    host.warning('organization given as a URL', { file: 'ado-guard.yml', line: 2, column: 15 });
    host.debug('hidden without --debug');
    expect(out.stdout).toBe('REPORT\n');
    expect(out.stderr).toBe('▸ Reading projects\nwarning: ado-guard.yml:2:15: organization given as a URL\n');
    expect(host.credentials.dbtCloudToken).toBe('tok');
    expect(host.credentialSource('dbtCloudToken')).toBe('environment variable DBT_CLOUD_TOKEN');
  });

  it('is quiet when asked and colours only when asked', () => {
    const { out, streams: s } = streams();
    const options = parseRunOptions({ command: 'verify', quiet: true, color: true }, (o) => o, {
      format: 'text',
    });
    const host = createCliHost(options, { env: {}, streams: s, debug: false });
    host.step('hidden');
    host.error('boom');
    expect(out.stderr).toBe('\u001b[31merror:\u001b[0m boom\n');
  });
});
