import type { Kysely } from 'kysely'

// Issue #6: the happiness code (幸福码). Portable types as in 001–003: text ids and ISO times.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('signing_keys')
    // One byte in the token: 1–255.
    .addColumn('key_id', 'integer', c => c.primaryKey())
    .addColumn('public_key_jwk', 'text', c => c.notNull())
    // PKCS#8 as base64. Kept here so a small deployment works out of the box; production should
    // hold the private key in a KMS or the environment, and this column would then stay empty.
    .addColumn('private_key_pkcs8', 'text', c => c.notNull())
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('retired_at', 'text')
    .execute()

  await db.schema.createTable('household_codes')
    .addColumn('household_id', 'text', c => c.primaryKey().references('households.id'))
    // base64url of 12 random bytes: the token names the household by it, never by a person.
    .addColumn('ref', 'text', c => c.notNull().unique())
    .addColumn('version', 'integer', c => c.notNull())
    .addColumn('issued_at', 'text', c => c.notNull())
    .execute()

  await db.schema.createTable('revoked_codes')
    .addColumn('ref', 'text', c => c.notNull())
    .addColumn('version', 'integer', c => c.notNull())
    .addColumn('revoked_at', 'text', c => c.notNull())
    .addPrimaryKeyConstraint('revoked_codes_pk', ['ref', 'version'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['revoked_codes', 'household_codes', 'signing_keys'])
    await db.schema.dropTable(table).execute()
}
