/** ADO-READER-MISSING: direct, nested and higher-group membership, against the sandbox. */
import { afterEach, describe, expect, it } from '@jest/globals';
import { checkReaders } from '../../../src/checks/readers.js';
import { ORG, SVC, quietLog, scenario, startAdoWorld } from './helpers.js';
import type { AdoTestWorld } from './helpers.js';

let world: AdoTestWorld | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

function readerMissing(project: string) {
  const group = `[${project}]\\Readers`;
  return {
    ruleId: 'ADO-READER-MISSING',
    severity: 'error',
    integration: 'dbtCloud',
    resource: { kind: 'project', organization: ORG, project, name: group },
    message: `${SVC} is not a member of ${group} (directly or through a group), nor of a higher project group.`,
    expected: `member of ${group} or higher`,
    actual: 'not a member',
    fixable: true,
    fix: `Run \`ado-guard remediate\`, or add ${SVC} to ${group} (Project settings → Permissions).`,
    permissions: [{ name: 'Readers', state: 'missing' }],
  };
}

describe('checkReaders', () => {
  it('counts direct, nested and Contributors membership; reports each project without it', async () => {
    world = await startAdoWorld(
      scenario({
        projects: ['Direct', 'Nested', 'Higher', 'Missing'].map((name) => ({ name })),
        users: [{ upn: SVC }],
        groups: [
          { name: 'Readers', project: 'Direct', members: [SVC] },
          { name: 'Analysts', members: ['[Nested]\\Team Leads'] },
          { name: 'Team Leads', project: 'Nested', members: [SVC] },
          { name: 'Readers', project: 'Nested', members: ['[contoso]\\Analysts'] },
          { name: 'Contributors', project: 'Higher', members: [SVC] },
        ],
      }),
    );
    expect(await checkReaders(world, quietLog)).toEqual([readerMissing('Missing')]);
  });

  it('uses one expanded-membership look-up whatever the number of projects', async () => {
    world = await startAdoWorld(
      scenario({ projects: ['A', 'B', 'C'].map((name) => ({ name })), users: [{ upn: SVC }] }),
    );
    world.clearLog();
    expect(await checkReaders(world, quietLog)).toEqual([
      readerMissing('A'),
      readerMissing('B'),
      readerMissing('C'),
    ]);
    const expanded = world.adoRequests().filter((r) => /queryMembership=Expanded/i.test(r.query));
    expect(expanded).toHaveLength(1);
  });

  it("finds the projects it can read from the user's own groups in one subject look-up, and reads only the rest", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `P${i + 1}`);
    world = await startAdoWorld(
      scenario({
        projects: names.map((name) => ({ name })),
        users: [{ upn: SVC }],
        groups: [
          ...names.slice(0, 10).map((project) => ({ name: 'Readers', project, members: [SVC] })),
          { name: 'Analysts', members: [SVC] },
          { name: 'Contributors', project: 'P11', members: ['[contoso]\\Analysts'] },
        ],
      }),
    );
    world.clearLog();
    expect(await checkReaders(world, quietLog)).toEqual([readerMissing('P12')]);
    const paths = world.adoRequests().map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/_apis/graph/subjectlookup'))).toHaveLength(1);
    // Only P12 is left over: its own groups are read, not every group of the organization.
    expect(paths.filter((p) => p.endsWith('/_apis/graph/groups'))).toHaveLength(1);
    expect(paths.filter((p) => p.includes('/_apis/graph/descriptors/'))).toHaveLength(1);
  });

  it('leaves the Valid Users groups out of the subject look-up: 300 projects fit in one batch of 500', async () => {
    // The user's expanded groups: 300 Readers, each inside its project's Valid Users, and the collection's.
    const names = Array.from({ length: 300 }, (_, i) => `P${i + 1}`);
    world = await startAdoWorld(
      scenario({
        projects: names.map((name) => ({ name })),
        users: [{ upn: SVC }],
        groups: names.map((project) => ({ name: 'Readers', project, members: [SVC] })),
      }),
    );
    world.clearLog();
    expect(await checkReaders(world, quietLog)).toEqual([]);
    const paths = world.adoRequests().map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/_apis/graph/subjectlookup'))).toHaveLength(1);
    expect(paths.filter((p) => p.endsWith('/_apis/graph/groups'))).toHaveLength(0);
  });

  it('reads the groups of the whole organization in one listing when more than five projects are left over', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `P${i + 1}`);
    world = await startAdoWorld(
      scenario({
        projects: names.map((name) => ({ name })),
        users: [{ upn: SVC }],
        groups: [{ name: 'Readers', project: 'P1', members: [SVC] }],
      }),
    );
    world.clearLog();
    expect(await checkReaders(world, quietLog)).toEqual(names.slice(1).map(readerMissing));
    const paths = world.adoRequests().map((r) => r.path);
    expect(paths.filter((p) => p.endsWith('/_apis/graph/groups'))).toHaveLength(1);
    expect(paths.filter((p) => p.includes('/_apis/graph/descriptors/'))).toHaveLength(0);
  });

  it('asks the identities API only about the groups of projects where no membership was recognised', async () => {
    world = await startAdoWorld(
      scenario({
        projects: ['Member', 'Missing'].map((name) => ({ name })),
        users: [{ upn: SVC }],
        groups: [{ name: 'Readers', project: 'Member', members: [SVC] }],
      }),
    );
    world.clearLog();
    expect(await checkReaders(world, quietLog)).toEqual([readerMissing('Missing')]);
    const lookups = world.adoRequests().filter((r) => /subjectDescriptors=/i.test(r.query));
    expect(lookups).toHaveLength(1);
    // Readers, Contributors and Project Administrators of "Missing" only.
    expect(decodeURIComponent(decodeURIComponent(lookups[0]!.query)).match(/vssgp\./g)).toHaveLength(3);
  });
});
