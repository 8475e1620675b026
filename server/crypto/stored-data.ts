import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { FieldCipher } from './field-cipher'
import { sql } from 'kysely'
import { FieldCipher as Cipher } from './field-cipher'
import { memberRefsOf } from './member-refs'

/**
 * Which stored values are encrypted (issue #14), and the two jobs over them: the backfill that
 * seals values still in clear (rows written before encryption, run after every migration) and
 * the rotation that re-seals values of older keys under the current one. Both go in batches
 * and only touch rows that need it, so they can run while the app serves people.
 */
interface EncryptedColumn {
  table: 'household_members' | 'users' | 'signing_keys' | 'applications' | 'application_members' | 'authorisations' | 'application_drafts' | 'households' | 'attachments' | 'visits' | 'needs' | 'need_events' | 'signals' | 'warnings' | 'warning_decisions' | 'push_subscriptions'
  /** The row's key column. */
  key: 'id' | 'key_id' | 'user_id'
  column: 'id_number' | 'phone' | 'private_key_pkcs8' | 'applicant_id_number' | 'applicant_phone' | 'address' | 'signature' | 'draft' | 'data' | 'photo' | 'location' | 'observations' | 'urgent_note' | 'notes' | 'declaration' | 'removed_members' | 'payload' | 'figures' | 'texts' | 'note' | 'endpoint' | 'keys'
  /** Its blind index, kept beside it. */
  index?: { column: 'id_number_hash' | 'phone_hash', kind: 'id_number' | 'phone' }
  /**
   * Photos (up to ~700 KB each): found by their first characters in SQL, then read and written
   * one at a time; never read in batches, nor compared whole in SQL.
   */
  large?: true
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'household_members', key: 'id', column: 'id_number', index: { column: 'id_number_hash', kind: 'id_number' } },
  { table: 'users', key: 'id', column: 'phone', index: { column: 'phone_hash', kind: 'phone' } },
  { table: 'signing_keys', key: 'key_id', column: 'private_key_pkcs8' },
  { table: 'applications', key: 'id', column: 'applicant_id_number' },
  { table: 'applications', key: 'id', column: 'applicant_phone' },
  { table: 'applications', key: 'id', column: 'address' },
  { table: 'applications', key: 'id', column: 'declaration' },
  { table: 'applications', key: 'id', column: 'removed_members' },
  { table: 'application_members', key: 'id', column: 'id_number' },
  { table: 'authorisations', key: 'id', column: 'id_number' },
  { table: 'authorisations', key: 'id', column: 'signature' },
  { table: 'application_drafts', key: 'user_id', column: 'draft' },
  { table: 'households', key: 'id', column: 'address' },
  { table: 'attachments', key: 'id', column: 'data', large: true },
  { table: 'visits', key: 'id', column: 'photo', large: true },
  { table: 'visits', key: 'id', column: 'location' },
  { table: 'visits', key: 'id', column: 'observations' },
  { table: 'visits', key: 'id', column: 'urgent_note' },
  { table: 'visits', key: 'id', column: 'notes' },
  { table: 'needs', key: 'id', column: 'photo', large: true },
  { table: 'need_events', key: 'id', column: 'photo', large: true },
  // Signals and warnings of 政策找人 (issue #19): health and death data.
  { table: 'signals', key: 'id', column: 'payload' },
  { table: 'warnings', key: 'id', column: 'figures' },
  { table: 'warnings', key: 'id', column: 'texts' },
  // Staff's notes on a decision (migration 023).
  { table: 'warning_decisions', key: 'id', column: 'note' },
  // A device's Web Push subscription (migration 024): whoever holds it can push to the device.
  { table: 'push_subscriptions', key: 'id', column: 'endpoint' },
  { table: 'push_subscriptions', key: 'id', column: 'keys' },
]

const BATCH = 500
const SEALED_PREFIX = 'enc1.'
/** `enc1.` and a key id of at most 32 characters (field-cipher.ts) and its dot. */
const KEY_HEAD = 40

type AnyDb = Kysely<any>

interface StoredRow { k: string | number, v: string, h: string | null }

/** Rows of one column, a batch at a time, that `need` work; `fix` gives the new values. */
async function rewrite(db: AnyDb, c: EncryptedColumn, needs: (row: StoredRow) => boolean, fix: (stored: string) => Record<string, string>): Promise<number> {
  let done = 0
  let after: string | number | null = null
  for (;;) {
    let q = db.selectFrom(c.table).select([`${c.key} as k`, `${c.column} as v`, `${c.index?.column ?? c.column} as h`]).where(c.column, 'is not', null).orderBy(c.key).limit(BATCH)
    if (after !== null)
      q = q.where(c.key, '>', after)
    const rows = await q.execute() as StoredRow[]
    if (rows.length === 0)
      return done
    for (const row of rows.filter(needs)) {
      // Only if unchanged since it was read: a value written meanwhile by the app is already sealed.
      await db.updateTable(c.table).set(fix(row.v)).where(c.key, '=', row.k).where(c.column, '=', row.v).execute()
      done++
    }
    after = rows.at(-1)!.k
  }
}

/** The first `length` characters of the column's value: enough to tell whether and with which key it is sealed. */
function head(c: EncryptedColumn, length: number) {
  return sql<string>`substr(${sql.ref(c.column)}, 1, ${sql.lit(length)})`
}

/** Where a sealed value starts, up to its key id: `enc1.<keyId>.`. */
const sealedBy = (keyId: string) => `${SEALED_PREFIX}${keyId}.`

/**
 * A condition on the value's head: `sealed` false for values in clear, true for values sealed
 * with a key other than `butNotBy`.
 */
function headIs(c: EncryptedColumn, sealed: boolean, butNotBy?: string) {
  return (eb: ExpressionBuilder<any, any>) => {
    const prefix = eb(head(c, SEALED_PREFIX.length), sealed ? '=' : '<>', SEALED_PREFIX)
    return butNotBy === undefined ? prefix : eb.and([prefix, eb(head(c, sealedBy(butNotBy).length), '<>', sealedBy(butNotBy))])
  }
}

/**
 * `rewrite` for photos: keys of rows whose value's head matches `where`, a batch at a time, then
 * each value read and rewritten alone. The update is guarded by the same condition: photos are
 * never changed by the app once stored, and one stored meanwhile is sealed under the current key.
 */
async function rewriteLarge(db: AnyDb, c: EncryptedColumn, where: ReturnType<typeof headIs>, fix: (stored: string) => string): Promise<number> {
  let done = 0
  let after: string | number | null = null
  for (;;) {
    let q = db.selectFrom(c.table).select(`${c.key} as k`).where(c.column, 'is not', null).where(where).orderBy(c.key).limit(BATCH)
    if (after !== null)
      q = q.where(c.key, '>', after)
    const keys = await q.execute() as { k: string | number }[]
    if (keys.length === 0)
      return done
    for (const { k } of keys) {
      const row = await db.selectFrom(c.table).select(`${c.column} as v`).where(c.key, '=', k).where(where).executeTakeFirst() as { v: string } | undefined
      if (!row)
        continue
      const result = await db.updateTable(c.table).set({ [c.column]: fix(row.v) }).where(c.key, '=', k).where(where).executeTakeFirst()
      done += Number(result.numUpdatedRows)
    }
    after = keys.at(-1)!.k
  }
}

/** Seals every value still in clear and fills missing blind indexes; returns how many rows changed. */
export async function sealClearValues(db: Kysely<Database>, cipher: FieldCipher): Promise<number> {
  let sealed = 0
  for (const c of ENCRYPTED_COLUMNS) {
    if (c.large) {
      sealed += await rewriteLarge(db as AnyDb, c, headIs(c, false), v => cipher.seal(v))
      continue
    }
    const clear = (v: string) => v.startsWith(SEALED_PREFIX) ? cipher.open(v) : v
    sealed += await rewrite(db as AnyDb, c, r => !r.v.startsWith(SEALED_PREFIX) || r.h === null, v => ({
      [c.column]: v.startsWith(SEALED_PREFIX) ? v : cipher.seal(v),
      ...(c.index ? { [c.index.column]: cipher.index(c.index.kind, clear(v)) } : {}),
    }))
  }
  // Benefit records name their members by blind index and masked number (member-refs.ts).
  for (;;) {
    const rows = await db.selectFrom('benefit_records').select(['id', 'member_ids']).where('member_ids', '!=', '[]').where('member_ids', 'not like', '%"h":%').limit(BATCH).execute()
    if (rows.length === 0)
      break
    for (const r of rows)
      await db.updateTable('benefit_records').set({ member_ids: JSON.stringify(memberRefsOf(r.member_ids)) }).where('id', '=', r.id).where('member_ids', '=', r.member_ids).execute()
    sealed += rows.length
  }
  // Codes are found by the phone's blind index; one written before holds the number itself. They
  // live five minutes: dropping them costs a person at most one more request.
  await db.deleteFrom('sms_codes').where(sql<boolean>`length(phone) < 64`).execute()
  return sealed
}

/** Re-seals values of older keys under the current key; returns how many. Old keys may go after. */
export async function rotateSealedValues(db: Kysely<Database>, cipher: FieldCipher): Promise<number> {
  let rotated = 0
  for (const c of ENCRYPTED_COLUMNS) {
    if (c.large) {
      rotated += await rewriteLarge(db as AnyDb, c, headIs(c, true, cipher.currentKeyId), v => cipher.seal(cipher.open(v)))
      continue
    }
    rotated += await rewrite(db as AnyDb, c, r => r.v.startsWith(SEALED_PREFIX) && Cipher.keyIdOf(r.v) !== cipher.currentKeyId, v => ({
      [c.column]: cipher.seal(cipher.open(v)),
    }))
  }
  return rotated
}

/** How many values each key still holds, per column: what `keys:rotate` reports and waits for. */
export async function valuesPerKey(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const c of ENCRYPTED_COLUMNS) {
    // The head is enough to tell the key: photos are not read whole.
    const rows = await (db as AnyDb).selectFrom(c.table).select(head(c, KEY_HEAD).as('v')).where(c.column, 'is not', null).execute() as { v: string }[]
    for (const r of rows) {
      const id = Cipher.keyIdOf(r.v) ?? 'clear'
      counts[id] = (counts[id] ?? 0) + 1
    }
  }
  return counts
}
