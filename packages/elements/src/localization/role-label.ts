import { msg } from '@lit/localize'

/** The role as a person reads it, localised. Unknown roles show as given. */
export function roleLabel(role: string): string {
  switch (role) {
    case 'instructor':
      return msg('Instructor')
    case 'ta':
      return msg('Teaching assistant')
    case 'learner':
      return msg('Learner')
    case 'observer':
      return msg('Observer')
    default:
      return role
  }
}
