/**
 * `kiosk`: setting up and looking after a kiosk from the terminal. Each
 * command's module loads only when it runs. Every command that takes
 * --data-dir also reads KIOSK_DATA_DIR.
 */
import { runCommandLine } from '@ymt/verifier-core/node';

const HELP = `usage: kiosk <command> [options]   (kiosk <command> --help for details)

  init           create a kiosk's data directory and its first supervisor
  lists          install, fetch or check trust and status lists
  operators      add or list operator and supervisor accounts
  config         set, get or list settings (tube-label pattern, pool size, ...)
  audit          verify or sign the tamper-evident audit chain
  scanners       list HID devices with their usage pages; --watch prints each scan
  export         write registrations to CSV, JSON Lines or xlsx (streamed, audited)
  summary        a day's numbers: people per hour, outcomes, tubes, upload backlog
  demo-data      fill a training kiosk with synthetic registrations
  serve-ui       serve the kiosk's pages on loopback (the camera check page)
`;

runCommandLine({
  program: 'kiosk',
  help: HELP,
  // Errors that say what was wrong with the input or the set-up: exit 2, like usage errors.
  userErrors: ['KioskUsageError', 'DataDirError', 'ConfigError', 'OperatorError', 'DatabaseOpenError', 'SchemaTooNewError', 'InstanceLockedError', 'UsageError', 'ExportError', 'SummaryError', 'DemoDataError'],
  commands: {
    init: async () => (await import('./commands/init.js')).runInit,
    lists: async () => (await import('./commands/lists.js')).runLists,
    operators: async () => (await import('./commands/operators.js')).runOperators,
    config: async () => (await import('./commands/config.js')).runConfig,
    audit: async () => (await import('./commands/audit.js')).runAudit,
    scanners: async () => (await import('./commands/scanners.js')).runScanners,
    export: async () => (await import('./commands/export.js')).runExport,
    summary: async () => (await import('./commands/summary.js')).runSummary,
    'demo-data': async () => (await import('./commands/demo-data.js')).runDemoData,
    'serve-ui': async () => (await import('./commands/serve-ui.js')).runServeUi,
  },
});
