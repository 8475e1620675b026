/**
 * Data keys for encryption at rest (issue #14, SECURITY.md "Encryption at rest").
 *
 *   npm run keys:new -- <id>   prints a new key for DATA_KEYS (and an index key, the first time)
 *   npm run keys:rotate        re-seals every value under the first key of DATA_KEYS, while the
 *                              app runs, and says how many values each key still holds
 */
import { randomBytes } from 'node:crypto'
import { readConfig } from '../server/config'
import { FieldCipher, newDataKey, readDataKeys, useFieldCipher } from '../server/crypto/field-cipher'
import { rotateSealedValues, valuesPerKey } from '../server/crypto/stored-data'
import { migrate, openDb } from '../server/db'

async function rotate(): Promise<void> {
  const config = readConfig()
  const { keys, indexKey } = readDataKeys(process.env, config.secret)
  const cipher = new FieldCipher(keys, indexKey)
  useFieldCipher(cipher)
  const db = openDb(config.databaseUrl)
  try {
    await migrate(db)
    const rotated = await rotateSealedValues(db.kysely, cipher)
    console.log(`re-sealed ${rotated} values under key "${cipher.currentKeyId}"`)
    console.log('values per key now:', JSON.stringify(await valuesPerKey(db.kysely)))
    console.log('A key that holds no value any more can be removed from DATA_KEYS (restart the app after).')
  }
  finally {
    await db.close()
  }
}

const [command, id] = process.argv.slice(2)
if (command === 'new') {
  if (!id || !/^\w{1,32}$/.test(id)) {
    console.error('usage: npm run keys:new -- <id>   (1-32 letters, digits or _, e.g. k2026)')
    process.exit(2)
  }
  console.log(`DATA_KEYS entry (put it first, keep the old ones after it): ${newDataKey(id)}`)
  console.log(`DATA_INDEX_KEY (only for a new installation; never change it later): ${randomBytes(32).toString('base64')}`)
}
else if (command === 'rotate') {
  rotate().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
else {
  console.error('usage: npm run keys:new -- <id> | npm run keys:rotate')
  process.exit(2)
}
