// The little SQL the ledger needs, over either store. Statements use $1, $2 … placeholders
// (PostgreSQL's); the SQLite client rewrites them to ?1, ?2 ….
export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface SqlClient {
  readonly dialect: "sqlite" | "postgres";
  exec(sql: string): Promise<void>;
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs `work` in one transaction. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
