#!/usr/bin/env node
// The `kiosk` command. A committed shim so that npm links the bin at install
// time, before `npm run build` has written dist/.
import '../dist/cli/kiosk.js';
