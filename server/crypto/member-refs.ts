import { maskIdNumber } from '../../src/domain/mask'
import { fieldCipher } from './field-cipher'

/**
 * The members a benefit record concerns (benefit_records.member_ids), as stored (issue #14): for
 * each, the ID number's blind index (to find and compare) and its masked form (what staff see),
 * never the number itself. Deterministic, so that an unchanged record from a feed stays unchanged.
 */
export interface MemberRef {
  /** Blind index of the ID number. */
  h: string
  /** Masked ID number, e.g. 339***********0012. */
  m: string
}

export function storedMemberIds(idNumbers: readonly string[]): string {
  return JSON.stringify([...new Set(idNumbers)].map((id): MemberRef => ({ h: fieldCipher().index('id_number', id), m: maskIdNumber(id) })))
}

/** A stored list read back; a list from before (ID numbers in clear) reads as if stored now. */
export function memberRefsOf(stored: string): MemberRef[] {
  const list = JSON.parse(stored) as (string | MemberRef)[]
  return list.map(x => typeof x === 'string' ? JSON.parse(storedMemberIds([x]))[0] as MemberRef : x)
}

/** A test of stored members: true when the ID number is one of them. Indexes the number once. */
export function concernsMember(idNumber: string): (stored: string) => boolean {
  const h = fieldCipher().index('id_number', idNumber)
  return stored => memberRefsOf(stored).some(ref => ref.h === h)
}
