/**
 * Issue #10 "Style to follow": public signatures name their parameters (no `o`, `rc`, `x`), and
 * the main entry points with an options object have viem-style `XParameters` / `XReturnType`.
 */
import { readFileSync } from 'node:fs'
import type {
  OpenAuctionArgs,
  OpenAuctionParameters,
  OpenAuctionResult,
  OpenAuctionReturnType,
  openAuction,
} from '@rebalancer/auction'
import type {
  ComputeInput,
  ComputeRebalanceParameters,
  ComputeRebalanceReturnType,
  ComputeResult,
  computeRebalance,
} from '@rebalancer/core'
import ts from 'typescript'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  CreateAccountParameters,
  CreateAccountReturnType,
  createAccount,
  Deployment,
  DeployOptions,
  DeployRebalancerParameters,
  DeployRebalancerReturnType,
  deployRebalancer,
} from '../src/index.js'
import { packageFiles } from './helpers.js'

const UNNAMED = new Set(['o', 'rc', 'x'])

/** `file:line name(param)` for every exported function or public method with an unnamed parameter. */
function unnamedParameters(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const found: string[] = []
  const exported = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
  const check = (name: string, node: ts.SignatureDeclaration) => {
    for (const p of node.parameters) {
      if (ts.isIdentifier(p.name) && UNNAMED.has(p.name.text)) {
        const line = sf.getLineAndCharacterOfPosition(p.getStart()).line + 1
        found.push(`${file.split('/packages/')[1]}:${line} ${name}(${p.name.text})`)
      }
    }
  }
  const visit = (n: ts.Node) => {
    // an overload implementation is not public: its overloads are the signatures
    if (ts.isFunctionDeclaration(n) && n.name && exported(n)) {
      const overloaded =
        n.body !== undefined &&
        sf.statements.some((s) => s !== n && ts.isFunctionDeclaration(s) && s.name?.text === n.name?.text)
      if (!overloaded) check(n.name.text, n)
    }
    if (ts.isClassDeclaration(n) && exported(n)) {
      for (const m of n.members) {
        if (!ts.isMethodDeclaration(m) && !ts.isConstructorDeclaration(m)) continue
        const hidden = (ts.getModifiers(m) ?? []).some(
          (x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword,
        )
        if (!hidden) check(`${n.name?.text}.${m.name?.getText() ?? 'constructor'}`, m)
      }
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return found
}

describe('public API style', () => {
  it('no exported function or public method of types, core, auction, adapters, localnet takes o, rc or x', () => {
    const files = packageFiles('src')
    expect(files.length).toBeGreaterThan(60)
    expect(files.flatMap(unnamedParameters)).toEqual([])
  })

  it('computeRebalance, openAuction, deployRebalancer and createAccount have XParameters / XReturnType', () => {
    expectTypeOf<typeof computeRebalance>().parameter(0).toEqualTypeOf<ComputeRebalanceParameters>()
    expectTypeOf<typeof computeRebalance>().returns.toEqualTypeOf<ComputeRebalanceReturnType>()
    expectTypeOf<ComputeInput>().toEqualTypeOf<ComputeRebalanceParameters>()
    expectTypeOf<ComputeResult>().toEqualTypeOf<ComputeRebalanceReturnType>()
    expectTypeOf<typeof openAuction>().parameter(0).toEqualTypeOf<OpenAuctionParameters>()
    expectTypeOf<typeof openAuction>().returns.toEqualTypeOf<OpenAuctionReturnType>()
    expectTypeOf<OpenAuctionArgs>().toEqualTypeOf<OpenAuctionParameters>()
    expectTypeOf<OpenAuctionResult>().toEqualTypeOf<OpenAuctionReturnType>()
    expectTypeOf<typeof deployRebalancer>().parameter(1).toEqualTypeOf<DeployRebalancerParameters>()
    expectTypeOf<typeof deployRebalancer>().returns.toEqualTypeOf<DeployRebalancerReturnType>()
    expectTypeOf<DeployOptions>().toEqualTypeOf<DeployRebalancerParameters>()
    expectTypeOf<DeployRebalancerReturnType>().toEqualTypeOf<Deployment>()
    expectTypeOf<typeof createAccount>().parameter(4).toEqualTypeOf<CreateAccountParameters | undefined>()
    expectTypeOf<typeof createAccount>().returns.toEqualTypeOf<CreateAccountReturnType>()
  })
})
