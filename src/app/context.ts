/** What every command gets: the host, the options, and secret handling that redacts everything it prints. */
import type { SourceLocation } from '../core/errors.js';
import { SecretRegistry } from '../core/secrets.js';
import type { Host, RunOptions } from '../platform/host.js';

export interface RunContext {
  readonly host: Host;
  readonly options: RunOptions;
  readonly secrets: SecretRegistry;
  readonly startedAt: Date;
  /** Register a secret the moment it exists: masked by the CI platform and redacted from all our output. */
  mask(value: string | undefined | null): void;
  redact(text: string): string;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, location?: SourceLocation): void;
  error(message: string, location?: SourceLocation): void;
  step(message: string): void;
}

export function createContext(host: Host, now: Date = new Date()): RunContext {
  const secrets = new SecretRegistry();
  const redact = (text: string) => secrets.redact(text);
  return {
    host,
    options: host.options,
    secrets,
    startedAt: now,
    mask(value) {
      // Tokens are handed over again on every request; tell the platform about each value once.
      if (!value || secrets.has(value)) return;
      secrets.add(value);
      // task-lib refuses multi-line secrets; mask each line instead.
      for (const line of value.split(/\r?\n/)) if (line.length >= 4) host.setSecret(line);
    },
    redact,
    debug: (m) => host.debug(redact(m)),
    info: (m) => host.info(redact(m)),
    // Messages about the policy file already start with `file:line:col`; the CLI prints them as they are,
    // CI platforms turn the location into an annotation on the file.
    warning: (m, l) => host.warning(redact(m), host.platform === 'cli' ? undefined : l),
    error: (m, l) => host.error(redact(m), host.platform === 'cli' ? undefined : l),
    step: (m) => host.step(redact(m)),
  };
}
