// Third-party notices for a bundle: every npm package whose code ncc put into it (from ncc's webpack stats), with
// its version, licence and the full licence text the package ships. ncc's own `--license` output misses packages
// that keep their licence only in package.json and notices files, so ado-guard writes its own.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\..*)?$/i;

/** Package folders (relative to root, e.g. node_modules/@azure/identity) of every module in the stats. */
function packageFolders(stats) {
  const folders = new Set();
  const visit = (modules) => {
    for (const module of modules ?? []) {
      const name = module.name ?? '';
      const match = /^(?:\.\/)?((?:.*\/)?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(name);
      if (match) folders.add(match[1]);
      visit(module.modules);
    }
  };
  visit(stats.modules);
  for (const chunk of stats.chunks ?? []) visit(chunk.modules);
  return [...folders];
}

function licenseTexts(folder) {
  return readdirSync(folder)
    .filter((file) => LICENSE_FILE.test(file))
    .sort()
    .map((file) => ({ file, text: readFileSync(path.join(folder, file), 'utf8').trim() }));
}

/** Writes `<outDir>/THIRD_PARTY_NOTICES.md`; returns the number of packages. */
export function writeNotices(statsPath, outDir, root, bundleName) {
  const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
  const packages = new Map();
  for (const folder of packageFolders(stats)) {
    const full = path.join(root, folder);
    const manifestPath = path.join(full, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const key = `${manifest.name}@${manifest.version}`;
    if (packages.has(key)) continue;
    const license =
      typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN');
    packages.set(key, {
      name: manifest.name,
      version: manifest.version,
      license,
      homepage: manifest.homepage ?? manifest.repository?.url ?? manifest.repository ?? '',
      texts: licenseTexts(full),
    });
  }
  const sorted = [...packages.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
  const lines = [
    `# Third-party notices: ${bundleName}`,
    '',
    `This bundle contains code from the ${sorted.length} npm packages below, under their own licences.`,
    'Written by `npm run bundle` (scripts/notices.mjs) from the modules ncc put into the bundle.',
    '',
    '| package | version | licence |',
    '|---|---|---|',
    ...sorted.map((p) => `| ${p.name} | ${p.version} | ${p.license} |`),
    '',
  ];
  for (const p of sorted) {
    lines.push(
      `## ${p.name} ${p.version}`,
      '',
      `Licence: ${p.license}${p.homepage ? ` — ${p.homepage}` : ''}`,
      '',
    );
    if (p.texts.length === 0) {
      lines.push('The package ships no licence file; its package.json declares the licence above.', '');
    }
    for (const { file, text } of p.texts) lines.push(`### ${file}`, '', '```text', text, '```', '');
  }
  writeFileSync(path.join(outDir, 'THIRD_PARTY_NOTICES.md'), `${lines.join('\n')}\n`);
  return sorted.length;
}
