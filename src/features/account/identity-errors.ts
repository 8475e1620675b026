import { personNameField } from '../../domain/http/auth'
import { checkIdNumber } from '../../domain/id-number'

/**
 * What is wrong with a member's ID number and name, before the server is asked: the same rules
 * as the API's (the name through its own schema), worded for the field.
 */
export function identityErrors(idNumber: string, name: string, t: (key: string) => string): Record<string, string> {
  const errors: Record<string, string> = {}
  const id = checkIdNumber(idNumber)
  if (!id.ok)
    errors.idNumber = t(`errors.idNumber.${id.problem}`)
  if (!personNameField.safeParse(name).success)
    errors.name = t('errors.name')
  return errors
}
