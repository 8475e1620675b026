/**
 * Masking for personal data shown to anyone but its owner.
 * ID: first 3 + last 4 (330***********123X); phone: 3 + 4 (138****5678); name: first character.
 */

export function maskIdNumber(id: string): string {
  if (id.length <= 7)
    return '*'.repeat(id.length)
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`
}

export function maskMobile(phone: string): string {
  if (phone.length < 8)
    return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0)
    return ''
  // Latin names: keep the first letter of each word (John Smith -> J*** S****).
  if (/^[\x20-\x7E]+$/.test(name))
    return name.trim().split(/\s+/).map(w => w[0] + '*'.repeat(Math.max(w.length - 1, 1))).join(' ')
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1))
}
