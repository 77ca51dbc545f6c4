package io.sluice.contract;

/**
 * What a caller must supply or do to get past a refusal. The exception's message already says it in the library's
 * words; a front end maps the remedy to its own way of giving it (the CLI to a flag or a command), so the library never
 * names one. A closed set: a front end's switch over it is checked for every case.
 */
public enum Remedy {
  /** The keyset store (its folder or URI) that holds the keysets a contract names. */
  KEYSET_STORE,
  /** The role to read as, one of the contract's. */
  ROLE,
  /** The keyset named in the message, created in the store. */
  CREATE_KEYSET,
  /** The keyset store opened under the key-encryption key it already has, not a new one. */
  KEEP_KEY_ENCRYPTION_KEY,
  /** The store's keysets re-encrypted under the new key-encryption key, or else opened under the key they have. */
  REWRAP_KEYSETS,
  /** The format of an input whose name does not tell it. */
  INPUT_FORMAT,
  /** The target rewritten from its source under the new contract. */
  REPROCESS,
  /** A file of Ranger policies exported from a contract. */
  RANGER_POLICIES
}
