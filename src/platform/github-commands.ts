/**
 * GitHub Actions workflow commands (`::add-mask::`, `::error file=…::`, …) and file commands (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY), written in the exact form @actions/core writes them. Writing them here lets the action start
 * without loading the toolkit, whose static import of its HTTP client (undici, ~1 MB) costs about 60 ms before
 * the first request on Node 24; the toolkit is still loaded when the job asks for an OIDC token.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import os from 'node:os';

/** `%`, CR and LF are escaped so a message can never end the command and start another. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape `:` and `,`, which separate the properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type CommandProperties = Record<string, string | number | undefined>;

/**
 * `::name key=value,…::message`. Empty values are left out, but a properties object with any key still gets the
 * separating space (`::error ::text`), as the toolkit writes it.
 */
export function formatCommand(name: string, message: string, properties: CommandProperties = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '' && value !== 0)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  const section = Object.keys(properties).length > 0 ? ` ${props.join(',')}` : '';
  return `::${name}${section}::${escapeData(message)}`;
}

export function issueCommand(name: string, message: string, properties?: CommandProperties): void {
  process.stdout.write(`${formatCommand(name, message, properties)}${os.EOL}`);
}

/**
 * A step output: appended to the GITHUB_OUTPUT file as `name<<delimiter` … `delimiter` with a random delimiter the
 * value cannot contain; without the file (an old or local runner), the legacy `::set-output` command.
 */
export function writeOutput(name: string, value: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(os.EOL);
    issueCommand('set-output', value, { name });
    return;
  }
  if (!existsSync(file)) throw new Error(`GITHUB_OUTPUT names a file that does not exist: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`the output ${name} contains its own delimiter; it was not written`);
  }
  appendFileSync(file, `${name}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}${os.EOL}`, 'utf8');
}

/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY); does nothing outside a job. */
export async function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  await appendFile(file, `${markdown}${os.EOL}`, 'utf8');
}

/** An input as the runner passes it: env `INPUT_<NAME>` (spaces as `_`, upper case), trimmed; undefined when empty. */
export function readInput(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim() || undefined;
}
