#!/usr/bin/env node
// Writes bench/README.md from bench/results/*.json: for every suite its workload, date, machine
// and load, its cross-check, each tool's wall / CPU / peak RSS and the suite's ratios. No figure
// in the README is typed by hand; prose with dated observations lives in bench/NOTES.md.
// `npm run bench` runs this after the suites; run it alone after re-running one suite.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const num = (x, digits = 2) => (typeof x === 'number' ? x.toFixed(digits) : '—');

/** Every measured row under `results`: objects with a wall time, labelled by their path. */
function rows(results, path = []) {
  const out = [];
  for (const [key, value] of Object.entries(results ?? {})) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const wall =
      value.wallS ?? (value.medianWallMs === undefined ? undefined : value.medianWallMs / 1000);
    if (wall === undefined) {
      out.push(...rows(value, [...path, key]));
      continue;
    }
    const cpu = value.cpuS ?? (value.cpuMs ?? value.medianCpuMs) / 1000;
    const extra = [];
    if (value.listingMs !== undefined) extra.push(`listing ${value.listingMs} ms`);
    if (value.inScriptMs !== undefined) extra.push(`in-script ${value.inScriptMs} ms`);
    if (value.responsesPerSecondWall !== undefined)
      extra.push(`${value.responsesPerSecondWall} responses/s`);
    if (value.wireKB !== undefined) extra.push(`${Math.round(value.wireKB)} KB on the wire`);
    if (value.count !== undefined) extra.push(`${value.count} listed`);
    if (value.runs !== undefined && typeof value.runs === 'number')
      extra.push(`${value.runs} runs`);
    out.push({
      label: [...path, key].join(' · '),
      wall,
      cpu: Number.isFinite(cpu) ? cpu : undefined,
      rss: value.peakRssMB ?? value.peakRssMiB,
      extra: extra.join(', '),
    });
  }
  return out;
}

/** Ratios, flattened to "name: value" (nested objects: "name (field): value"). */
function ratioLines(ratios, path = []) {
  const out = [];
  for (const [key, value] of Object.entries(ratios ?? {})) {
    if (typeof value === 'number') out.push(`${[...path, key].join(' ')}: ${value}`);
    else if (typeof value === 'object' && value !== null)
      out.push(...ratioLines(value, [...path, key]));
  }
  return out;
}

function crossCheckLine(report) {
  const sizes = report.crossCheck?.bySize;
  const c = report.crossCheck;
  if (c === undefined)
    return '**Cross-check: none recorded** — this suite does not yet check that every tool produced the same result, so its ratios are not a comparison of equal work.';
  const what = c.fields ?? c.note ?? '';
  const excluded =
    c.excluded === undefined
      ? ''
      : ` Not compared: ${Object.entries(c.excluded)
          .map(([k, v]) => `${k} (${v})`)
          .join('; ')}.`;
  return `**Cross-check: ${c.equal ? 'equal' : 'NOT EQUAL'}** — digest \`${c.digest}\`${sizes === undefined ? '' : ' (per size)'}${what ? `; ${what}` : ''}.${excluded}`;
}

const load = (r) => {
  const l = r.loadAverage ?? r.machine?.loadAverage ?? r.machine?.loadAverage1m;
  if (l === undefined) return 'not recorded';
  if (typeof l === 'number') return `${l} (1 min, at the end)`;
  if (Array.isArray(l)) return l.join(' / ');
  return Object.entries(l)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(' / ') : v}`)
    .join('; ');
};

const files = readdirSync(join(here, 'results'))
  .filter((f) => f.endsWith('.json'))
  .sort();
const sections = files.map((file) => {
  const r = JSON.parse(readFileSync(join(here, 'results', file), 'utf8'));
  const workload =
    r.case ??
    (r.workload === undefined ? undefined : JSON.stringify(r.workload)) ??
    [r.server, r.messages === undefined ? undefined : `${r.messages} messages`]
      .filter(Boolean)
      .join(', ');
  const m = r.machine ?? {};
  const table = [
    '| tool | wall (s) | CPU (s) | peak RSS (MB) | also |',
    '|---|---:|---:|---:|---|',
    ...rows(r.results).map(
      (row) =>
        `| ${row.label} | ${num(row.wall)} | ${num(row.cpu)} | ${num(row.rss, 1)} | ${row.extra} |`,
    ),
  ].join('\n');
  const nested = Object.entries(r.results ?? {})
    .filter(([, v]) => v?.ratios !== undefined)
    .map(([k, v]) => [k, v.ratios]);
  const ratios = ratioLines(r.ratios ?? Object.fromEntries(nested));
  return [
    `### \`${r.suite ?? file.replace('.json', '')}\` — ${r.date?.slice(0, 10) ?? 'undated'}`,
    '',
    `- Workload: ${workload || 'see the suite runner'}`,
    `- Data: ${r.corpus === undefined ? "the suite's own generator (before the shared corpus)" : `the shared corpus \`${r.corpus}\` (bench/corpus/realistic.mjs)`}`,
    `- Machine: ${m.cores ?? '?'} cores, ${m.cpu ?? '?'}, Node ${m.node ?? '?'}; load average: ${load(r)}`,
    `- ${crossCheckLine(r)}`,
    '',
    table,
    '',
    ratios.length === 0 ? '' : `Ratios: ${ratios.join('; ')}.`,
    '',
  ].join('\n');
});

writeFileSync(
  join(here, 'README.md'),
  `# Benchmarks

<!-- Generated by \`node bench/readme.mjs\` from bench/results/*.json. Do not edit by hand. -->

\`npm run bench\` runs every suite (\`npm run bench -- maildir\` one of them). Each suite runs
mailroom and its peers **in the same run, on the same data**, each in its own process, checks
that they produced the same result (the cross-check) before any time counts, and writes
\`bench/results/<suite>.json\`; this page is generated from those files. The ratios within one
run are the comparison that matters: the machine is a shared 2-core VM whose speed varies from
day to day. Dated observations — where the time goes, what was tried — are in
[NOTES.md](NOTES.md). Reproduce one suite with \`node bench/<suite>/run.mjs\` (the IMAP, JMAP and
sync suites need \`bash test/servers/ensure.sh\` first; maildir needs \`apt-get install mblaze\`,
sync \`isync\` and \`offlineimap3\`), then \`node bench/readme.mjs\`.

${sections.join('\n')}`,
);
console.log(`bench/README.md: ${files.length} suites`);
