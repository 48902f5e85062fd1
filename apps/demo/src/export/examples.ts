/**
 * Example values the Export panel starts with, so that it shows a valid proposal at once. They
 * are valid bech32 addresses made of repeated bytes, not anyone's contracts: the panel tells the
 * visitor to put their own. The Neutron deployment's contract addresses come from the
 * `NEUTRON_1` preset of `@rebalancer/adapters`.
 */
export const EXAMPLE = {
  daoCore: 'neutron1mtdd4kk6mtdd4kk6mtdd4kk6mtdd4kk6mtdd4kk6mtdd4kk6mtdq44desx',
  proposalModule: 'neutron1m0dahk7mm0dahk7mm0dahk7mm0dahk7mm0dahk7mm0dahk7mm0dss85rxy',
  preProposeModule: 'neutron1mnwdehxumnwdehxumnwdehxumnwdehxumnwdehxumnwdehxumnwqpt6azr',
  proposer: 'neutron1mhwamhwamhwamhwamhwamhwamhwamhwaxw6f84',
  note: 'osmo1mm0dahk7mm0dahk7mm0dahk7mm0dahk7mm0dahk7mm0dahk7mm0qaadugv',
  proxy: 'neutron1ml0alh7lml0alh7lml0alh7lml0alh7lml0alh7lml0alh7lml0svaa6ht',
  icaAddress: 'neutron1urswpc8qurswpc8qurswpc8qurswpc8qurswpc8qurswpc8qursq2ls8p4',
  account: 'neutron1u8s7rc0pu8s7rc0pu8s7rc0pu8s7rc0pu8s7rc0pu8s7rc0pu8ss0dfahh',
  /** An example code id and checksum: look yours up (`neutrond q wasm code-info <id>`). */
  codeId: '1',
  checksum: '00'.repeat(32),
  /** The deployment's registration fee: 1 NTRN (wire-formats.md, "The Neutron mainnet deployment"). */
  registerFee: '1000000',
  connectionId: 'connection-0',
} as const
