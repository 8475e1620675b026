// Dates of visits as volunteers and residents read them, in the app's language.

export function visitTime(iso: string, locale: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  return new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date)
}

export function visitDate(iso: string, locale: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).format(date)
}

export function updatedAtText(iso: string, locale: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date)
}
