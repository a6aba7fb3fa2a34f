/**
 * The sandbox world: the clock, the seeded RNG and the state of every service, assembled from a scenario.
 */
import type { Clock, Rng } from './ports.js';
import type { LoadedScenario } from './scenario/load.js';
import { ScenarioError, fieldPath, type ScenarioSpec } from './scenario/spec.js';
import { FaultEngine, faultSettingsSchema, type FaultSettings } from './server/faults.js';
import { RequestLog } from './server/request-log.js';
import { buildPolicy, policyYaml, type PolicyFacts } from './scenario/policy.js';
import { createAuthorityService } from './services/authority.js';
import { createAzureDevOpsServices } from './services/azure-devops/index.js';
import { createConductorOneService } from './services/conductorone.js';
import { createDbtCloudService } from './services/dbt-cloud.js';
import { createGraphService } from './services/graph/index.js';
import { createAdoState, type AdoState } from './state/ado.js';
import { createC1State, type C1State } from './state/c1.js';
import { createDbtState, type DbtState } from './state/dbt.js';
import { createEntraState, type EntraState, type NamedSecret } from './state/entra.js';
import { SandboxHttpError, type SandboxService, type ServiceName } from './types.js';

/** Real time plus an offset that tests move forward (control `POST /clock`). */
export class SandboxClock implements Clock {
  private offset = 0;

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  get offsetMs(): number {
    return this.offset;
  }

  reset(): void {
    this.offset = 0;
  }
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** sfc32 seeded through splitmix32: fast, small state, good enough for ids, secrets and dice. */
export class SeededRng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  next(): number {
    return this.nextUint32() / 0x100000000;
  }

  guid(): string {
    const hex = Array.from({ length: 4 }, () => this.nextUint32().toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  string(length: number, extra = ''): string {
    const alphabet = ALPHANUMERIC + extra;
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** An independent generator derived from this seed and a label (e.g. the fault dice). */
  static derive(seed: number, label: string): SeededRng {
    let hash = seed >>> 0;
    for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    return new SeededRng(hash);
  }
}

// ---------------------------------------------------------------------------------------------------
// Assembly
// ---------------------------------------------------------------------------------------------------

export type ProductService = Exclude<ServiceName, 'control'>;

/** The state of every service, made from one scenario and one seed. Replaced as a whole on reset. */
interface WorldSlices {
  entra: EntraState;
  ado: AdoState;
  /** Absent when the scenario has no `dbtCloud` section. */
  dbt?: DbtState;
  /** Absent when the scenario has no `conductorOne` section. */
  c1?: C1State;
  services: Record<ProductService, SandboxService>;
}

export interface WorldOptions {
  /** Overrides the scenario's seed (default 1). */
  seed?: number;
  /** Origins of the running services (templates such as `{dbtCloud}` in redirect URIs use them). */
  origins: Record<ServiceName, string>;
  clock?: SandboxClock;
  log?: RequestLog;
  faults?: FaultEngine;
}

/** The service of an integration the scenario does not have: every request answers 404 saying so. */
function absentService(name: ProductService, label: string, section: string): SandboxService {
  return {
    name,
    handle() {
      throw new SandboxHttpError({
        status: 404,
        json: {
          message: `This sandbox scenario has no ${label}; add a "${section}" section to the scenario.`,
        },
      });
    },
  };
}

export class World {
  readonly scenario: ScenarioSpec;
  /** How errors name the scenario, e.g. `built-in "drifted"`. */
  readonly source: string;
  readonly seed: number;
  readonly origins: Record<ServiceName, string>;
  readonly clock: SandboxClock;
  readonly log: RequestLog;
  readonly faults: FaultEngine;
  private slices: WorldSlices;

  constructor(loaded: LoadedScenario, options: WorldOptions) {
    this.scenario = loaded.spec;
    this.source = loaded.source;
    this.seed = options.seed ?? loaded.spec.seed ?? 1;
    this.origins = options.origins;
    this.clock = options.clock ?? new SandboxClock();
    this.log = options.log ?? new RequestLog();
    this.faults = options.faults ?? new FaultEngine(() => SeededRng.derive(this.seed, 'faults'));
    this.faults.set(this.scenarioFaults());
    this.slices = this.build();
  }

  get entra(): EntraState {
    return this.slices.entra;
  }

  get ado(): AdoState {
    return this.slices.ado;
  }

  /** The ConductorOne tenant; undefined when the scenario has none. */
  get c1(): C1State | undefined {
    return this.slices.c1;
  }

  /** The dbt Cloud account; undefined when the scenario has none. */
  get dbt(): DbtState | undefined {
    return this.slices.dbt;
  }

  service(name: ProductService): SandboxService {
    return this.slices.services[name];
  }

  /**
   * Every secret the sandbox knows or knew, named by where it lives (for leak scans): client secrets (removed
   * and replaced ones too), issued tokens, PATs, the dbt Cloud token and the ConductorOne client secret. One
   * entry per value, the first name wins.
   */
  namedSecrets(): NamedSecret[] {
    const patNames = new Map(Object.entries(this.ado.patValues()).map(([name, value]) => [value, name]));
    const all = [
      ...this.entra.secrets(),
      ...this.ado.secrets().map((value) => ({ name: `azureDevOps:pat:${patNames.get(value) ?? ''}`, value })),
      ...(this.slices.dbt?.secrets() ?? []),
      ...(this.slices.c1?.secrets() ?? []),
    ];
    const byValue = new Map<string, NamedSecret>();
    for (const secret of all)
      if (secret.value && !byValue.has(secret.value)) byValue.set(secret.value, secret);
    return [...byValue.values()];
  }

  /** Every secret value the sandbox knows or knew (for leak scans), without duplicates. */
  secrets(): string[] {
    return this.namedSecrets().map((secret) => secret.value);
  }

  /** JSON state of every service, secrets replaced by their keyIds/hints. */
  snapshot(): Record<string, unknown> {
    return {
      scenario: {
        name: this.scenario.name,
        description: this.scenario.description ?? null,
        source: this.source,
        seed: this.seed,
      },
      clock: { now: new Date(this.clock.now()).toISOString(), offsetMs: this.clock.offsetMs },
      faults: this.faults.settings(),
      tenant: this.entra.snapshot(),
      azureDevOps: this.ado.snapshot(),
      dbtCloud: this.slices.dbt?.snapshot() ?? null,
      conductorOne: this.slices.c1?.snapshot() ?? null,
    };
  }

  /** The facts the printed policy needs. */
  policyFacts(): PolicyFacts {
    const dbt = this.slices.dbt;
    const c1 = this.slices.c1?.primary();
    // dbt Cloud's service_principal method has no service user: the policy names none unless the scenario does.
    const scenarioDbt = (
      this.scenario.policy?.integrations as { dbtCloud?: { authenticationMethod?: unknown } }
    )?.dbtCloud;
    const authenticationMethod = scenarioDbt?.authenticationMethod ?? 'service_user';
    const serviceUser =
      (typeof this.scenario.policy?.serviceUser === 'string'
        ? this.scenario.policy.serviceUser
        : undefined) ??
      (authenticationMethod === 'service_user' ? this.scenario.azureDevOps.users?.[0]?.upn : undefined);
    return {
      organization: this.ado.organization,
      tenantId: this.entra.tenantId,
      ...(serviceUser ? { serviceUser } : {}),
      endpoints: this.origins,
      ...(dbt
        ? {
            dbtCloud: {
              accountId: dbt.accountId,
              applicationClientId:
                dbt.applicationClientId() ?? this.entra.resolveApplication('dbt Cloud')?.appId ?? '',
            },
          }
        : {}),
      ...(c1
        ? {
            conductorOne: {
              appId: c1.appId,
              connectorId: c1.connectorId,
              applicationClientId:
                c1.applicationClientId ?? this.entra.resolveApplication('ConductorOne')?.appId ?? '',
            },
          }
        : {}),
    };
  }

  /** A ready ado-guard.yml for this world (DESIGN.md §3), scenario `policy` overrides merged in. */
  policyYaml(): string {
    return policyYaml(buildPolicy(this.policyFacts(), this.scenario.policy ?? {}), this.scenario.name);
  }

  /** The sandbox-only credentials ado-guard needs, by environment variable name. */
  env(): Record<string, string> {
    const automation = this.entra.automationCredentials();
    return {
      AZURE_TENANT_ID: automation.tenantId,
      AZURE_CLIENT_ID: automation.clientId,
      AZURE_CLIENT_SECRET: automation.clientSecret,
      ...(this.slices.dbt ? { DBT_CLOUD_TOKEN: this.slices.dbt.token() } : {}),
      ...(this.slices.c1
        ? {
            CONDUCTORONE_CLIENT_ID: this.slices.c1.clientCredentials().clientId,
            CONDUCTORONE_CLIENT_SECRET: this.slices.c1.clientCredentials().clientSecret,
          }
        : {}),
    };
  }

  /** Back to the scenario's start: state rebuilt from the same seed (same ids and secrets), clock and faults too. */
  reset(): void {
    this.clock.reset();
    this.log.clear();
    this.faults.set(this.scenarioFaults());
    this.slices = this.build();
  }

  private scenarioFaults(): FaultSettings {
    const result = faultSettingsSchema.safeParse(this.scenario.faults ?? {});
    if (!result.success) {
      const problems = result.error.issues.map(
        (issue) => `faults.${fieldPath(issue.path)}: ${issue.message}`,
      );
      throw new ScenarioError(`Scenario ${this.source} is not valid:\n  ${problems.join('\n  ')}`);
    }
    return result.data;
  }

  private build(): WorldSlices {
    const rng = new SeededRng(this.seed);
    const clock = this.clock;
    const spec = this.scenario;
    const origins = this.origins;
    try {
      const entra = createEntraState(spec.tenant ?? {}, { rng, clock, origins });
      const ado = createAdoState(
        {
          ...spec.azureDevOps,
          automation: { appId: entra.automation.appId, ...spec.azureDevOps.automation },
        },
        { entra, rng, clock },
      );
      const adoServices = createAzureDevOpsServices(ado, { entra, clock, origins: () => origins });
      const dbt = spec.dbtCloud ? createDbtState(spec.dbtCloud, { entra, rng, clock, origins }) : undefined;
      const c1 = spec.conductorOne
        ? createC1State(spec.conductorOne, { entra, rng, clock, origins })
        : undefined;
      return {
        entra,
        ado,
        dbt,
        c1,
        services: {
          authority: createAuthorityService(entra, { clock }),
          azureDevOps: adoServices.azureDevOps,
          azureDevOpsIdentity: adoServices.azureDevOpsIdentity,
          graph: createGraphService(entra, { clock }),
          dbtCloud: dbt
            ? createDbtCloudService(dbt, { entra, clock })
            : absentService('dbtCloud', 'dbt Cloud account', 'dbtCloud'),
          conductorOne: c1
            ? createConductorOneService(c1, { entra, clock })
            : absentService('conductorOne', 'ConductorOne tenant', 'conductorOne'),
        },
      };
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      throw new ScenarioError(`Scenario ${this.source}: ${(error as Error).message}`);
    }
  }
}
