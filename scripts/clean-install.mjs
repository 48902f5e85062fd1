#!/usr/bin/env node
/**
 * The clean-install job of CI (issue #9, item 1): what an integrator gets from the registry.
 *
 * 1. `pnpm pack` every package (packages/* and apps/keeper; run after the build) into a temp dir.
 * 2. `npm install` the tarballs into an empty temporary folder outside the repo: no overrides, no
 *    lockfile, a fresh resolution of every third-party dependency (plus typescript, @types/node
 *    and tsx for the checks, at the versions the repo uses).
 * 3. Checks, each printed as `ok - …` or `FAIL - …` and counted:
 *    - each installed package has the Apache-2.0 LICENSE, a README, `repository` (with its
 *      `directory`), `homepage`, `bugs`, `keywords` and `engines`, and declares exactly the
 *      packages its shipped JS imports (none unused, none missing); nothing pulls in the
 *      deprecated `@cosmjs/cosmwasm-stargate`;
 *    - every library and subpath (`@rebalancer/adapters/cosmjs`, `@rebalancer/sim/charts`,
 *      `@rebalancer/sim/report-html`) loads at runtime, ESM (`import`) and CJS (`require`); in
 *      both, the report's `chartLibrary()` finds Chart.js's browser build in the install,
 *      `instantiate2Address` derives cosmjs's first vector and `createAndRegisterAccount`
 *      predicts its account at the same address;
 *    - a consumer importing every library type-checks with `skipLibCheck: false` under
 *      `module`/`moduleResolution` `nodenext`, as ESM (.mts) and as CJS (.cts), and
 *      `Dec#toDecimalJs()` is typed (not `any`);
 *      (errors inside third-party declarations are printed, not counted: cosmjs 0.38.1's
 *      proto-signing types import `protobufjs` and `@bufbuild/protobuf`, which it does not declare);
 *    - every complete TypeScript example (a ```ts block with an import) of the localnet,
 *      adapters and sim READMEs, extracted from the README text, runs with tsx; a top-level
 *      `expression // value` line whose comment is a JS literal asserts that value. A block
 *      without imports is an excerpt (it needs a live chain) and is listed, not run;
 *    - the keeper's bin, from its tarball, runs `start --start 2024-01-01 --end 2024-01-10`,
 *      `--version` (its package is not private; the version is the installed package.json's), and
 *      `compare … --workers 2 --json` (worker threads from the installed package; a version 1 report).
 *
 * Writes `{passed, failed}` to the file named by `--results <file>` (read by `.ci/run`) and exits
 * 1 when a check failed. `--keep` keeps the temporary folders.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const LIBRARIES = ['types', 'core', 'auction', 'adapters', 'localnet', 'sim']
const PACKAGE_DIRS = [...LIBRARIES.map((p) => `packages/${p}`), 'apps/keeper']
const README_EXAMPLES = ['packages/localnet', 'packages/adapters', 'packages/sim']
/** cosmjs packages/cosmwasm/src/instantiate2.spec.ts, first vector (see packages/types/test/data). */
const VECTOR = {
  checksum: '13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5',
  creator: 'purple1nxvenxve42424242hwamhwamenxvenxvhxf2py',
  salt: '61',
  address: 'purple1t6r960j945lfv8mhl4mage2rg97w63xeynwrupum2s2l7em4lprs9ce5hk',
}

const args = process.argv.slice(2)
const resultsFile = args.includes('--results') ? resolve(args[args.indexOf('--results') + 1] ?? '') : null
const keep = args.includes('--keep')
let passed = 0
let failed = 0

function record(ok, name, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok' : 'FAIL'} - clean install: ${name}`)
  if (!ok && detail) console.log(detail.replace(/^/gm, '    '))
}

/** Runs a command; never throws. Output is captured (shown by the caller on failure). */
function run(cmd, argv, cwd, timeoutMs = 300_000) {
  const r = spawnSync(cmd, argv, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`
  return { ok: r.status === 0, output: output.trim() }
}

const tail = (text, lines = 30) => text.split('\n').slice(-lines).join('\n')

/** The ```ts blocks of a README with the line each starts on. */
function codeBlocks(markdown) {
  const blocks = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i])
    if (!open) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    blocks.push({ lang: open[1], line: start + 1, code: lines.slice(start, end) })
    i = end
  }
  return blocks
}

/** Whether `text` is a JS literal (what an example's `// value` comment states), not prose. */
function isLiteral(text) {
  try {
    new Function(`return (${text})`)()
    return true
  } catch {
    return false
  }
}

/**
 * A README example as a runnable module: each top-level `expression // literal` line becomes an
 * assertion that the expression's value matches the literal (objects: the literal's keys; arrays:
 * same length, each element; everything else: Object.is).
 */
function exampleModule(block, file) {
  let checks = 0
  const out = block.code.map((line, i) => {
    const m = /^(\S.*?)\s*\/\/\s*(.+?)\s*$/.exec(line)
    if (!m || /^(import|export|const|let|var|function|class|if|for|while|return)\b/.test(m[1])) return line
    if (/[,({[]$/.test(m[1].replace(/;$/, '')) || !isLiteral(m[2])) return line
    checks++
    return `__expect(${JSON.stringify(`${file}:${block.line + i}`)}, ${m[1].replace(/;$/, '')}, ${m[2]})`
  })
  out.push(`
function __matches(got: unknown, want: unknown): boolean {
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => __matches(got[i], w))
  if (want !== null && typeof want === 'object')
    return got !== null && typeof got === 'object' && Object.entries(want).every(([k, w]) => __matches((got as Record<string, unknown>)[k], w))
  return Object.is(got, want)
}
function __expect(where: string, got: unknown, want: unknown): void {
  const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? \`\${x}n\` : x))
  if (!__matches(got, want)) throw new Error(\`\${where}: got \${show(got)}, the README says \${show(want)}\`)
}
`)
  return { source: `${out.join('\n')}\n`, checks }
}

const pack = mkdtempSync(join(tmpdir(), 'rebalancer-pack-'))
const app = mkdtempSync(join(tmpdir(), 'rebalancer-clean-'))
try {
  // 1. pack
  const tarballs = []
  for (const dir of PACKAGE_DIRS) {
    const r = run('pnpm', ['pack', '--pack-destination', pack], join(ROOT, dir))
    const file = readdirSync(pack).find((f) => f.endsWith('.tgz') && !tarballs.includes(join(pack, f)))
    record(r.ok && file !== undefined, `pnpm pack ${dir}`, tail(r.output))
    if (file) tarballs.push(join(pack, file))
  }
  if (tarballs.length !== PACKAGE_DIRS.length) throw new Error('not every package packed')

  // 2. install, as an integrator would: npm, no overrides, no lockfile
  const rootPkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`,
  )
  const install = run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballs,
      `typescript@${rootPkg.devDependencies.typescript}`,
      `@types/node@${rootPkg.devDependencies['@types/node']}`,
      'tsx@4.23.15',
    ],
    app,
    600_000,
  )
  record(install.ok, `npm install of the ${tarballs.length} tarballs in ${app}`, tail(install.output))
  if (!install.ok) throw new Error('npm install failed')
  // The @scure/base that @cosmjs/encoding gets (nested copy first, as Node resolves it): >= 2.3
  // refuses cosmjs's Infinity bech32 limit, the condition our own ADR-028 derivation exists for.
  const scurePaths = ['node_modules/@cosmjs/encoding/node_modules', 'node_modules'].map((d) =>
    join(app, d, '@scure/base/package.json'),
  )
  const scurePath = scurePaths.find((f) => existsSync(f))
  const scure = scurePath ? JSON.parse(readFileSync(scurePath, 'utf8')).version : 'none'
  const [major, minor] = scure.split('.').map(Number)
  record(
    major > 2 || (major === 2 && minor >= 3),
    `fresh resolution gives @cosmjs/encoding @scure/base ${scure} (>= 2.3, what integrators get)`,
  )

  // 3a. what was published: metadata, LICENSE, and dependencies exactly as the code uses them
  for (const dir of PACKAGE_DIRS) {
    const base = join(app, 'node_modules/@rebalancer', dir.split('/').pop())
    const pkg = JSON.parse(readFileSync(join(base, 'package.json'), 'utf8'))
    const problems = []
    const license = existsSync(join(base, 'LICENSE')) ? readFileSync(join(base, 'LICENSE'), 'utf8') : ''
    if (
      !/^Apache License\s+Version 2\.0, January 2004/.test(license) ||
      !license.includes('END OF TERMS AND CONDITIONS')
    )
      problems.push('LICENSE is not the Apache-2.0 text')
    if (pkg.license !== 'Apache-2.0') problems.push(`license ${pkg.license}`)
    if (!existsSync(join(base, 'README.md'))) problems.push('no README.md')
    if (
      !/^git\+https:\/\/github\.com\/.+\.git$/.test(pkg.repository?.url ?? '') ||
      pkg.repository?.directory !== dir
    )
      problems.push(`repository ${JSON.stringify(pkg.repository)}`)
    if (!/^https:\/\//.test(pkg.homepage ?? '')) problems.push('no homepage')
    if (!/^https:\/\//.test(pkg.bugs?.url ?? '')) problems.push('no bugs.url')
    if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0) problems.push('no keywords')
    if (!pkg.engines?.node) problems.push('no engines.node')
    // bare specifiers the shipped JS imports or requires (or resolves, `createRequire(…).resolve('x')`:
    // sim's HTML report reads Chart.js's browser build), by package name
    const used = new Set()
    const code = readdirSync(join(base, 'dist'), { recursive: true }).filter((f) => /\.(c|m)?js$/.test(f))
    for (const f of code)
      for (const m of readFileSync(join(base, 'dist', f), 'utf8').matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\)\.resolve\s*\(\s*|^import\s+)["']([^"'./][^"']*)["']/gm,
      )) {
        const spec = m[1]
        if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/.test(spec)) continue // not a package (text in a comment)
        if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue
        used.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])
      }
    // a peer (zod, for the packages whose API exposes schemas) counts as declared; it is left to
    // the integrator to install once, so it is not held to "used" (a package may only forward it)
    const declared = Object.keys(pkg.dependencies ?? {})
    const peers = Object.keys(pkg.peerDependencies ?? {})
    const unused = declared.filter((d) => !used.has(d))
    const undeclared = [...used].filter((d) => !declared.includes(d) && !peers.includes(d))
    if (unused.length > 0) problems.push(`declared but unused: ${unused.join(', ')}`)
    if (undeclared.length > 0) problems.push(`used but undeclared: ${undeclared.join(', ')}`)
    record(
      problems.length === 0,
      `${pkg.name}: metadata, LICENSE and dependencies as published`,
      problems.join('\n'),
    )
  }
  record(
    !existsSync(join(app, 'node_modules/@cosmjs/cosmwasm-stargate')),
    'nothing installs the deprecated @cosmjs/cosmwasm-stargate',
  )

  // 3b. runtime: every library loads as ESM and as CJS; in both, instantiate2Address gives the
  // cosmjs vector and createAndRegisterAccount predicts its account with it
  // every entry point: the libraries, the adapters' protobuf subpath and sim's report subpaths;
  // the HTML report's subpath finds Chart.js's browser build in the installed tree
  const names = [
    ...LIBRARIES.map((p) => `@rebalancer/${p}`),
    '@rebalancer/adapters/cosmjs',
    '@rebalancer/sim/charts',
    '@rebalancer/sim/report-html',
  ]
  const body = `const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'))
const checksum = hex('${VECTOR.checksum}')
const a = t.instantiate2Address(checksum, '${VECTOR.creator}', hex('${VECTOR.salt}'), 'purple')
if (a !== '${VECTOR.address}') throw new Error('instantiate2Address: ' + a)
const owner = t.instantiate2Address(checksum, '${VECTOR.creator}', hex('01'), 'neutron')
const tx = ad.createAndRegisterAccount({
  sender: owner,
  codeId: 1,
  checksum,
  servicesManager: t.instantiate2Address(checksum, '${VECTOR.creator}', hex('02'), 'neutron'),
  config: {
    baseDenom: 'untrn',
    targets: [{ denom: 'untrn', bps: 7500 }, { denom: 'uatom', bps: 2500 }],
    pid: { p: t.Dec.parse('0.5'), i: t.Dec.ZERO, d: t.Dec.ZERO },
    maxLimitBps: 10000,
    targetOverrideStrategy: 'proportional',
  },
})
const predicted = t.instantiate2Address(checksum, owner, new TextEncoder().encode('valence'), 'neutron')
if (tx.address !== predicted) throw new Error('createAndRegisterAccount: ' + tx.address)
if (!/Chart.js v4/.test(html.chartLibrary())) throw new Error('chartLibrary: no Chart.js v4 browser build')
`
  writeFileSync(
    join(app, 'load.mjs'),
    `${names.map((n, i) => `import * as m${i} from '${n}'`).join('\n')}
for (const m of [${names.map((_, i) => `m${i}`).join(', ')}]) if (Object.keys(m).length === 0) throw new Error('empty module')
const t = m0
const ad = m${LIBRARIES.length}
const html = m${names.length - 1}
${body}`,
  )
  writeFileSync(
    join(app, 'load.cjs'),
    `const ms = ${JSON.stringify(names)}.map((n) => require(n))
for (const m of ms) if (Object.keys(m).length === 0) throw new Error('empty module')
const t = ms[0]
const ad = ms[${LIBRARIES.length}]
const html = ms[${names.length - 1}]
${body}`,
  )
  for (const file of ['load.mjs', 'load.cjs']) {
    const r = run('node', [file], app)
    record(
      r.ok,
      `${file === 'load.mjs' ? 'ESM import' : 'CJS require'} of every library; instantiate2Address, createAndRegisterAccount, chartLibrary`,
      tail(r.output),
    )
  }

  // 3c. types: a consumer of every library under nodenext, skipLibCheck false, ESM and CJS
  const consumer = `${names.map((n, i) => `import * as m${i} from '${n}'`).join('\n')}
import { Dec, instantiate2Address } from '@rebalancer/types'

// @ts-expect-error a decimal.js Decimal is no number; unused (an error) if toDecimalJs() is any
export const notAny: number = Dec.parse('1').toDecimalJs()
export const modules = [${names.map((_, i) => `m${i}`).join(', ')}]
export const half: string = Dec.parse('0.5').toDecimalJs().toFixed(2)
export const address: string = instantiate2Address(new Uint8Array(32), '${VECTOR.creator}', new Uint8Array([0x61]), 'neutron')
`
  for (const [kind, file] of [
    ['ESM', 'consumer.mts'],
    ['CJS', 'consumer.cts'],
  ]) {
    writeFileSync(join(app, file), consumer)
    const tsconfig = `tsconfig.${kind.toLowerCase()}.json`
    const compilerOptions = {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: ['node'],
    }
    writeFileSync(join(app, tsconfig), `${JSON.stringify({ compilerOptions, files: [file] }, null, 2)}\n`)
    const r = run(join(app, 'node_modules/.bin/tsc'), ['-p', tsconfig, '--pretty', 'false'], app)
    // Errors in our declarations or the consumer fail the check; errors inside third-party
    // declarations (cosmjs's, see the root README "Known limits") are shown, not counted.
    const errors = r.output.split('\n').filter((l) => /error TS\d+/.test(l))
    const theirs = errors.filter((l) => /^node_modules\//.test(l) && !/^node_modules\/@rebalancer\//.test(l))
    const ours = errors.filter((l) => !theirs.includes(l))
    const ok = ours.length === 0 && (r.ok || theirs.length > 0)
    record(
      ok,
      `${kind} consumer of every library type-checks (nodenext, skipLibCheck false; ${file})`,
      ours.length > 0 ? ours.join('\n') : tail(r.output, 40),
    )
    for (const l of theirs) console.log(`    (third-party declaration error, not ours: ${l})`)
  }

  // 3d. the README examples, as written
  mkdirSync(join(app, 'examples'))
  for (const dir of README_EXAMPLES) {
    const file = `${dir}/README.md`
    const blocks = codeBlocks(readFileSync(join(ROOT, file), 'utf8')).filter((b) => b.lang === 'ts')
    let n = 0
    for (const block of blocks) {
      if (!block.code.some((l) => /^import\s/.test(l))) {
        console.log(`    (${file}:${block.line} is an excerpt without imports; not run)`)
        continue
      }
      const { source, checks } = exampleModule(block, file)
      const path = join(app, 'examples', `${dir.split('/').pop()}-${++n}.mts`)
      writeFileSync(path, source)
      const r = run(join(app, 'node_modules/.bin/tsx'), [relative(app, path)], app)
      record(r.ok, `${file}:${block.line} example runs (${checks} stated values checked)`, tail(r.output))
    }
    if (n === 0) record(false, `${file} has no complete example`)
  }

  // 3e. the keeper's bin from its tarball
  const keeper = run(
    join(app, 'node_modules/.bin/rebalancer-keeper'),
    ['start', '--start', '2024-01-01', '--end', '2024-01-10', '--quiet'],
    app,
  )
  record(
    keeper.ok && /10 cycles in/.test(keeper.output),
    'rebalancer-keeper start --start 2024-01-01 --end 2024-01-10',
    tail(keeper.output),
  )

  // 3e'. the keeper is publishable (not private) and its bin reads its version from the installed
  // package.json (shipped next to dist/)
  const keeperPackage = JSON.parse(
    readFileSync(join(app, 'node_modules/@rebalancer/keeper/package.json'), 'utf8'),
  )
  const keeperVersion = run(join(app, 'node_modules/.bin/rebalancer-keeper'), ['--version'], app)
  record(
    keeperPackage.private !== true && keeperVersion.ok && keeperVersion.output === keeperPackage.version,
    'rebalancer-keeper --version from its tarball (the package is not private)',
    tail(keeperVersion.output),
  )

  // 3f. compare on worker threads from the installed package (the worker script ships in dist)
  const report = join(app, 'compare.json')
  const sweep = run(
    join(app, 'node_modules/.bin/rebalancer-keeper'),
    ['compare', '--start', '2024-01-01', '--end', '2024-01-05', '--workers', '2', '--json', report],
    app,
  )
  let version = null
  try {
    version = JSON.parse(readFileSync(report, 'utf8')).version
  } catch {}
  record(
    sweep.ok && /best of the column/.test(sweep.output) && version === 1,
    'rebalancer-keeper compare --start 2024-01-01 --end 2024-01-05 --workers 2 --json (worker threads)',
    tail(sweep.output),
  )
} catch (e) {
  record(false, 'job aborted', e instanceof Error ? e.message : String(e))
} finally {
  if (keep) console.log(`    (kept ${pack} and ${app})`)
  else for (const d of [pack, app]) rmSync(d, { recursive: true, force: true })
}

console.log(`clean install: ${passed} passed, ${failed} failed`)
if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify({ passed, failed })}\n`)
process.exitCode = failed > 0 ? 1 : 0
