#!/usr/bin/env node
/**
 * `ymt`: the YMT1 command line. Each command's module is loaded only when it
 * runs, so `ymt verify` starts without the image and signing code.
 */
import { runCommandLine } from './command-line.js';

const HELP = `usage: ymt <command> [options]   (ymt <command> --help for details)

Kiosk side:
  verify         verify codes offline and print one JSON line per code
  decode-image   read QR codes and tube barcodes from PNG or JPEG files

Authority side (fixtures, training, site acceptance tests):
  keygen         make an Ed25519 key file (root or issuer key)
  issue          issue a personal or kin code, as text and optionally a PNG
  sign-list      sign a trust list or status list payload with the root key
`;

runCommandLine({
  program: 'ymt',
  help: HELP,
  userErrors: ['UsageError'],
  stackOnFailure: true,
  commands: {
    verify: async () => (await import('./commands/verify.js')).runVerify,
    'decode-image': async () => (await import('./commands/decode-image.js')).runDecodeImage,
    keygen: async () => (await import('./commands/keygen.js')).runKeygen,
    issue: async () => (await import('./commands/issue.js')).runIssue,
    'sign-list': async () => (await import('./commands/sign-list.js')).runSignList,
  },
});
