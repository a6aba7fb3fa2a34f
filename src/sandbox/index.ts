/**
 * The sandbox's public API: start every emulated service over HTTPS on 127.0.0.1 for a scenario, and the banner
 * `ado-guard sandbox` prints. See docs/sandbox.md (user guide) and docs/sandbox-design.md (internals).
 */
import { loadScenario } from './scenario/load.js';
import type { ScenarioSpec } from './scenario/spec.js';
import { FaultEngine } from './server/faults.js';
import { startServers, type RunningServers } from './server/http-server.js';
import { RequestLog } from './server/request-log.js';
import { createControlService } from './services/control.js';
import { issueServerCert, loadOrCreateCa } from './tls/ca.js';
import { SERVICE_NAMES, SandboxHttpError, type ServiceName } from './types.js';
import { SandboxClock, SeededRng, World } from './world.js';

export interface SandboxOptions {
  /** A built-in name (`healthy`, `drifted`, `service-principal`, `large`, `large:<projects>x<repos>`), a YAML/JSON file, or a spec. */
  scenario?: string | ScenarioSpec;
  /** First of 7 consecutive ports (see SERVICE_NAMES for the order); 0 (default) = any free ports. */
  port?: number;
  /** Reuse the CA there if valid, else make one and write it there. Default: a directory in the OS temp dir. */
  caDir?: string;
  /** Overrides the scenario's seed. */
  seed?: number;
}

export interface SandboxHandle {
  /** Origins, e.g. `https://127.0.0.1:41001`. */
  endpoints: Record<ServiceName, string>;
  /** The CA certificate, for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  /** A ready ado-guard.yml for this scenario. */
  policyYaml: string;
  /** AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, DBT_CLOUD_TOKEN, CONDUCTORONE_CLIENT_ID, CONDUCTORONE_CLIENT_SECRET. */
  env: Record<string, string>;
  /** In-process access for tests. */
  world: World;
  stop(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const loaded = loadScenario(options.scenario);
  const seed = options.seed ?? loaded.spec.seed ?? 1;
  const ca = loadOrCreateCa(options.caDir);
  const clock = new SandboxClock();
  const log = new RequestLog();
  const faults = new FaultEngine(() => SeededRng.derive(seed, 'faults'));

  // The listeners come first: the world needs their origins (e.g. the dbt app's redirect URIs).
  let world: World | undefined;
  let control: ReturnType<typeof createControlService> | undefined;
  const servers: RunningServers = await startServers({
    port: options.port ?? 0,
    tls: issueServerCert(ca),
    clock,
    log,
    faults,
    resolve(service) {
      if (!world || !control) {
        return {
          name: service,
          handle() {
            throw new SandboxHttpError({ status: 503, json: { message: 'The sandbox is still starting.' } });
          },
        };
      }
      return service === 'control' ? control : world.service(service);
    },
  });
  try {
    world = new World(loaded, { seed, origins: servers.endpoints, clock, log, faults });
    control = createControlService(world);
  } catch (error) {
    await servers.close();
    throw error;
  }
  return {
    endpoints: servers.endpoints,
    caPath: ca.caPath,
    policyYaml: world.policyYaml(),
    env: world.env(),
    world,
    stop: () => servers.close(),
  };
}

/** How the banner writes environment variables: POSIX shells, or PowerShell. */
export type BannerShell = 'posix' | 'powershell';

/**
 * What `ado-guard sandbox` prints: origins, how to trust the CA, the sandbox-only credentials and the policy.
 * `shell` defaults to PowerShell on Windows and POSIX shells elsewhere.
 */
export function formatSandboxBanner(
  handle: SandboxHandle,
  shell: BannerShell = process.platform === 'win32' ? 'powershell' : 'posix',
): string {
  const setVariable = (name: string, value: string): string =>
    shell === 'powershell'
      ? `$env:${name} = '${value.replaceAll("'", "''")}'`
      : `export ${name}=${quoteForShell(value)}`;
  const width = Math.max(...SERVICE_NAMES.map((service) => service.length));
  const lines = [
    `ado-guard sandbox: scenario "${handle.world.scenario.name}" (seed ${handle.world.seed})`,
    ...(handle.world.scenario.description ? [`  ${handle.world.scenario.description}`] : []),
    '',
    'Services (HTTPS on 127.0.0.1):',
    ...SERVICE_NAMES.map((service) => `  ${service.padEnd(width)}  ${handle.endpoints[service]}`),
    '',
    'Trust the sandbox CA in the shell that runs ado-guard (Node reads it at start):',
    `  ${setVariable('NODE_EXTRA_CA_CERTS', handle.caPath)}`,
    '',
    'Credentials (made up by the sandbox, valid only against it):',
    ...Object.entries(handle.env).map(([name, value]) => `  ${setVariable(name, value)}`),
    '',
    'Save the policy below as ado-guard.yml and run, for example:',
    '  ado-guard verify --config ado-guard.yml',
    '',
    handle.policyYaml.trimEnd(),
    '',
    `Control API for tests: ${handle.endpoints.control}/state, /requests, /secrets, /faults, /clock, /reset`,
    'Press Ctrl+C to stop.',
  ];
  return `${lines.join('\n')}\n`;
}

function quoteForShell(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

export { SERVICE_NAMES, World };
export type { ServiceName, ScenarioSpec };
/** Thrown by startSandbox for a scenario that cannot be used; its message names the scenario and the field. */
export { ScenarioError } from './scenario/spec.js';
export { BUILT_IN_NAMES } from './scenario/builtins.js';
