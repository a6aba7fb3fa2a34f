/** Command-line flags of `ado-guard` (DESIGN.md §4) and the help texts. */
import { UsageError } from '../core/errors.js';
import { VERSION } from '../core/version.js';
import { COMMANDS } from './host.js';
import type { CommandName } from './host.js';
import type { RawOptions } from './options.js';

interface FlagSpec {
  flag: string;
  short?: string;
  key: keyof RawOptions | 'help' | 'version' | 'debug';
  takesValue: boolean;
  value?: string;
  help: string;
  commands?: readonly CommandName[];
}

const REPORTING: readonly CommandName[] = ['verify', 'plan', 'remediate', 'rotate', 'demo'];

const FLAGS: readonly FlagSpec[] = [
  {
    flag: '--config',
    short: '-c',
    key: 'config',
    takesValue: true,
    value: 'FILE',
    help: 'policy file (default ado-guard.yml)',
    commands: ['verify', 'plan', 'remediate', 'rotate'],
  },
  {
    flag: '--format',
    short: '-f',
    key: 'format',
    takesValue: true,
    value: 'FMT',
    help: 'text (default), markdown, json or sarif',
    commands: REPORTING,
  },
  {
    flag: '--output',
    short: '-o',
    key: 'output',
    takesValue: true,
    value: 'FILE',
    help: 'also write the report to FILE',
    commands: REPORTING,
  },
  {
    flag: '--fail-on',
    key: 'failOn',
    takesValue: true,
    value: 'LEVEL',
    help: 'exit 1 on findings at or above error (default), warning or info; never',
    commands: ['verify', 'plan', 'remediate', 'rotate'],
  },
  {
    flag: '--apply',
    key: 'apply',
    takesValue: false,
    help: 'remediate: apply the plan (default: show it only)',
    commands: ['remediate'],
  },
  {
    flag: '--dry-run',
    key: 'dryRun',
    takesValue: false,
    help: 'rotate: show what would happen, write nothing',
    commands: ['rotate'],
  },
  {
    flag: '--force',
    key: 'force',
    takesValue: false,
    help: 'rotate: rotate even if the newest secret is young enough',
    commands: ['rotate'],
  },
  {
    flag: '--scenario',
    key: 'scenario',
    takesValue: true,
    value: 'NAME|FILE',
    help: 'sandbox: healthy, drifted (default), service-principal, large:PxR, or a scenario file',
    commands: ['sandbox'],
  },
  {
    flag: '--port',
    key: 'port',
    takesValue: true,
    value: 'N',
    help: 'sandbox: first of 7 consecutive ports (default 0: any free)',
    commands: ['sandbox'],
  },
  {
    flag: '--quiet',
    short: '-q',
    key: 'quiet',
    takesValue: false,
    help: 'no step lines, only the report and errors',
  },
  { flag: '--no-color', key: 'color', takesValue: false, help: 'no colour even on a terminal' },
  { flag: '--debug', key: 'debug', takesValue: false, help: 'log every request (secrets redacted)' },
  { flag: '--help', short: '-h', key: 'help', takesValue: false, help: 'show help' },
  { flag: '--version', short: '-V', key: 'version', takesValue: false, help: 'show the version' },
];

const COMMAND_HELP: Record<CommandName, { summary: string; examples: string[] }> = {
  verify: {
    summary: 'Compare the live state with the policy file; report findings; exit 1 on drift.',
    examples: [
      'ado-guard verify',
      'ado-guard verify --config policies/contoso.yml --format sarif --output ado-guard.sarif',
    ],
  },
  plan: {
    summary: 'Show the changes remediate would make for the fixable findings. Writes nothing.',
    examples: ['ado-guard plan', 'ado-guard plan --format markdown --output plan.md'],
  },
  remediate: {
    summary: 'Show the plan, and with --apply make the changes, then verify again.',
    examples: ['ado-guard remediate', 'ado-guard remediate --apply'],
  },
  rotate: {
    summary:
      'Rotate the Entra client secret when due (or --force) and push it to dbt Cloud and ConductorOne.',
    examples: ['ado-guard rotate --dry-run', 'ado-guard rotate', 'ado-guard rotate --force'],
  },
  sandbox: {
    summary:
      'Serve a local emulator of Azure DevOps, Entra ID, Graph, dbt Cloud and ConductorOne over HTTPS.',
    examples: ['ado-guard sandbox', 'ado-guard sandbox --scenario healthy --port 41000'],
  },
  demo: {
    summary: 'Start the sandbox in-process and tour verify → plan → remediate → rotate → verify.',
    examples: ['ado-guard demo', 'npm run demo'],
  },
  schema: {
    summary: "Print the policy file's JSON Schema (for editor completion and validation).",
    examples: ['ado-guard schema > ado-guard.schema.json'],
  },
};

export interface ParsedArgs {
  raw: RawOptions;
  help: boolean;
  version: boolean;
  debug: boolean;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const raw: RawOptions = {};
  const parsed: ParsedArgs = { raw, help: false, version: false, debug: false };
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.startsWith('--')
      ? (arg.split(/=(.*)/s, 2) as [string, string | undefined])
      : [arg, undefined];
    const spec = FLAGS.find((f) => f.flag === name || f.short === name);
    if (!spec) throw new UsageError(`unknown option ${name}; see ado-guard --help.`);
    if (spec.key === 'help' || spec.key === 'version' || spec.key === 'debug') {
      parsed[spec.key] = true;
      continue;
    }
    if (spec.key === 'color') {
      raw.color = false;
      continue;
    }
    if (!spec.takesValue) {
      (raw[spec.key] as boolean | undefined) = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`${spec.flag} needs a value (${spec.value}).`);
    }
    (raw[spec.key] as string | undefined) = value;
  }
  if (positionals.length > 1)
    throw new UsageError(`one command at a time (got ${positionals.join(', ')}); see ado-guard --help.`);
  if (positionals[0]) raw.command = positionals[0];
  else if (!parsed.help && !parsed.version)
    throw new UsageError(`a command is needed: ${COMMANDS.join(', ')}; see ado-guard --help.`);
  if (raw.command && COMMANDS.includes(raw.command as CommandName)) {
    const command = raw.command as CommandName;
    for (const spec of FLAGS) {
      if (
        spec.commands &&
        !spec.commands.includes(command) &&
        spec.key !== 'help' &&
        raw[spec.key as keyof RawOptions] !== undefined
      ) {
        throw new UsageError(`${spec.flag} does not apply to ${command}; see ado-guard ${command} --help.`);
      }
    }
  }
  return parsed;
}

function flagLines(command?: CommandName): string[] {
  return FLAGS.filter((f) => !command || !f.commands || f.commands.includes(command)).map((f) => {
    const names = [f.short, f.flag].filter(Boolean).join(', ') + (f.value ? ` ${f.value}` : '');
    return `  ${names.padEnd(26)} ${f.help}`;
  });
}

const ENVIRONMENT = [
  'Credentials come from the environment:',
  '  AZURE_TENANT_ID, AZURE_CLIENT_ID       the automation identity in Entra ID',
  '  AZURE_CLIENT_SECRET                    its secret, or AZURE_FEDERATED_TOKEN_FILE for a federated token',
  '  AZURE_DEVOPS_TOKEN                     optional PAT for Azure DevOps instead of an Entra token',
  '  DBT_CLOUD_TOKEN                        dbt Cloud Account Admin service token',
  '  CONDUCTORONE_CLIENT_ID, CONDUCTORONE_CLIENT_SECRET  ConductorOne API credential',
];

export function helpText(command?: CommandName): string {
  if (command) {
    const h = COMMAND_HELP[command];
    return [
      `ado-guard ${command} — ${h.summary}`,
      '',
      `Usage: ado-guard ${command} [options]`,
      '',
      'Options:',
      ...flagLines(command),
      '',
      'Examples:',
      ...h.examples.map((e) => `  ${e}`),
      ...(['verify', 'plan', 'remediate', 'rotate'].includes(command)
        ? ['', ...ENVIRONMENT, '', EXIT_CODES]
        : []),
      '',
    ].join('\n');
  }
  return [
    `ado-guard ${VERSION} — keeps the Azure DevOps ⇄ Entra ID integrations of dbt Cloud and ConductorOne`,
    'correct and their secrets fresh.',
    '',
    'Usage: ado-guard <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.padEnd(10)} ${COMMAND_HELP[c].summary}`),
    '',
    'Options:',
    ...flagLines(),
    '',
    ...ENVIRONMENT,
    '',
    EXIT_CODES,
    '',
    'Try it without a tenant: ado-guard demo. Help on one command: ado-guard <command> --help.',
    '',
  ].join('\n');
}

const EXIT_CODES =
  'Exit codes: 0 clean; 1 findings at or above --fail-on; 2 invalid usage or policy; 3 a service failed or refused.';
