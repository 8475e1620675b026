// Dates as residents read them: "2026年3月5日 14:30" / "5 Mar 2026, 14:30", in the app's language.

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

export function formatDate(iso: string, locale: string): string {
  // A bare date (a start date) is a calendar day, not UTC midnight: no shift west of Greenwich.
  const day = DATE_ONLY.exec(iso)
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date)
}
