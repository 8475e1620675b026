import type { DatabaseIntrospector, DatabaseMetadataOptions, Kysely, TableMetadata } from 'kysely'
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, PostgresDialect, PostgresIntrospector, sql } from 'kysely'

interface ColumnRow {
  schema: string
  table: string
  isView: boolean
  column: string
  type: string
  typeSchema: string
  notNull: boolean
  hasDefault: boolean
  serial: boolean
}

/**
 * Kysely's migrator finds its own two tables by listing every table of every schema on the server
 * (kysely#1707). That is slow on a shared server, and fails outright when another schema is
 * dropped while the list is read ("schema … does not exist": two test files at once did it).
 * This introspector lists the connection's own schema only (the first of its search path).
 */
export class OwnSchemaIntrospector extends PostgresIntrospector {
  readonly #db: Kysely<any>

  constructor(db: Kysely<any>) {
    super(db)
    this.#db = db
  }

  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select n.nspname as "schema", c.relname as "table", c.relkind = 'v' as "isView",
             a.attname as "column", t.typname as "type", tn.nspname as "typeSchema",
             a.attnotnull as "notNull", a.atthasdef as "hasDefault",
             pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null as "serial"
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tn on tn.oid = t.typnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
        and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.#db)
    const internal = [DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]
    const tables = new Map<string, TableMetadata>()
    for (const row of rows) {
      if (!options.withInternalKyselyTables && internal.includes(row.table))
        continue
      let table = tables.get(row.table)
      if (!table)
        tables.set(row.table, table = { name: row.table, schema: row.schema, isView: row.isView, columns: [] })
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.typeSchema,
        isNullable: !row.notNull,
        hasDefaultValue: row.hasDefault,
        isAutoIncrementing: row.serial,
      })
    }
    return [...tables.values()]
  }
}

/** PostgreSQL as Kysely speaks it, with the introspector above. */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db)
  }
}
