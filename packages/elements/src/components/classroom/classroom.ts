import { HlClassroom } from './classroom.component.ts'

export { HlClassroom }
HlClassroom.define('hl-classroom')

declare global {
  interface HTMLElementTagNameMap {
    'hl-classroom': HlClassroom
  }
}
