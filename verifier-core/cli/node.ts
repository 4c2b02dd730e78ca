/** The Node-side helpers that app/ and fixtures/ share with the CLI: native Ed25519, key files, list files, rendering. */
export { nodeEd25519Verify, nodeEd25519Signer, ed25519PublicKeyObject } from './node-ed25519.js';
export { keyPairFromSeed, readSecretKeyFile, writeSecretKeyFile, publicKeyInfo, secretKeyJson, type KeyPair } from './key-file.js';
export { loadListFile, type LoadedList } from './load-list.js';
export { reasonText } from './reason-text.js';
export { cstIso, parseInstant, parsePublicKeyArg } from './cli-error.js';
export { runCommandLine, type Command, type CommandLine } from './command-line.js';
