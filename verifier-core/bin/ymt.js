#!/usr/bin/env node
// The `ymt` command. A committed shim so that npm links the bin at install
// time, before `npm run build` has written dist/.
import '../dist/cli/ymt.js';
