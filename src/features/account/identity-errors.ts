import { checkIdNumber } from '../../domain/id-number'
import { isPersonName } from '../../domain/person-name'

/**
 * What is wrong with a member's ID number and name, before the server is asked: the same rules
 * as the API's (domain/person-name.ts for the name), worded for the field.
 */
export function identityErrors(idNumber: string, name: string, t: (key: string) => string): Record<string, string> {
  const errors: Record<string, string> = {}
  const id = checkIdNumber(idNumber)
  if (!id.ok)
    errors.idNumber = t(`errors.idNumber.${id.problem}`)
  if (!isPersonName(name))
    errors.name = t('errors.name')
  return errors
}
