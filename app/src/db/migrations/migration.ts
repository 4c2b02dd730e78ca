export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration transaction. */
  readonly up: string;
}
