/**
 * Where to go back to after signing in or binding a household (`?redirect=`): a path of this
 * app only. '//host' and 'https://…' are other sites and are ignored.
 */
export function returnPath(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null
}
