/**
 * The package root is what a DAO UI loads (issue #10, "Packaging for the browser and for DAO
 * UIs"): the JSON builders must not pull in cosmjs's protobuf registry, signing client or the ICA
 * types, which live behind `@rebalancer/adapters/cosmjs`. Checked on the browser bundle of the
 * UI's import (the size budget itself is `pnpm size`, .size-limit.cjs).
 */
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/** The module paths esbuild bundles for `contents` (resolved from src/), browser platform. */
async function inputsOf(contents: string): Promise<string[]> {
  const out = await build({
    stdin: { contents, resolveDir: SRC, loader: 'ts' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  return Object.keys(out.metafile.inputs)
}

/** What only the protobuf side needs: the registries, the signing client, the ICA messages. */
const PROTOBUF_ONLY = [
  /node_modules\/@cosmjs\/stargate\//,
  /node_modules\/@cosmjs\/proto-signing\//,
  /node_modules\/@cosmjs\/cosmwasm\//,
  /node_modules\/@neutron-org\//,
  /cosmjs-types\/ibc\//,
  /cosmjs-types\/cosmos\/bank\//,
]

describe('entry points', () => {
  it('a DAO UI importing the JSON builders loads no protobuf registry, signing client or ICA types', async () => {
    const inputs = await inputsOf(
      "import { accountMsgs, daoPropose, polytoneExecute } from './index.ts'\nconsole.log(accountMsgs, daoPropose, polytoneExecute)",
    )
    expect(inputs.some((f) => f.endsWith('src/wrappers/dao.ts'))).toBe(true)
    expect(inputs.filter((f) => PROTOBUF_ONLY.some((re) => re.test(f)))).toEqual([])
  })

  it('the whole package root (and types, core under it) bundles for the browser without Node built-ins', async () => {
    // esbuild refuses a Node built-in it cannot resolve for platform browser; none is left external
    const inputs = await inputsOf("export * from './index.ts'")
    expect(
      inputs.filter((f) => f.startsWith('node:') || /^(fs|path|crypto|buffer|process)$/.test(f)),
    ).toEqual([])
    expect(inputs.some((f) => /packages\/core\/dist\//.test(f) || /@rebalancer\/core/.test(f))).toBe(true)
  })

  it('the cosmjs entry holds them', async () => {
    const inputs = await inputsOf(
      "import { createRegistry, icaSendTx, toEncodeObject } from './cosmjs.ts'\nconsole.log(createRegistry, icaSendTx, toEncodeObject)",
    )
    for (const re of [/@cosmjs\/stargate\//, /@neutron-org\//, /cosmjs-types\/ibc\//])
      expect(inputs.some((f) => re.test(f))).toBe(true)
  })
})
