import { maxCheckQuestions, maxPollOptions, type LaunchPollBody, type PollKind } from '@hilink/protocol'
import { Notifier } from './command-model.ts'

export const minPollOptions = 2

/** The instructor's poll being written, before it is launched. */
export interface PollDraft {
  question: string
  options: string[]
  kind: PollKind
  /** For checks (and true/false, optionally): the index of the correct option. */
  correctOption: number | undefined
  /** The server closes the poll after this many seconds; undefined for no timer. */
  durationSeconds: number | undefined
  anonymous: boolean
  /** Keep the results from the room after closing until staff reveal them. */
  revealManually: boolean
  /**
   * A check with several questions (at least two; empty for one question): then `question` is the check's title
   * and `options`/`correctOption` are unused.
   */
  questions: DraftQuestion[]
}

/** One question of a multi-question check in the launch form. */
export interface DraftQuestion {
  question: string
  /** `truefalse` questions have the options True and False (in the form's language). */
  kind: 'choice' | 'truefalse'
  options: string[]
  correctOption: number | undefined
}

const emptyDraft = (): PollDraft => ({
  question: '',
  options: ['', ''],
  kind: 'poll',
  correctOption: undefined,
  durationSeconds: undefined,
  anonymous: false,
  revealManually: false,
  questions: [],
})

/** Kinds whose options the instructor writes (true/false and rating bring theirs; text has none). */
export const kindsWithOptions: readonly PollKind[] = ['poll', 'multiple', 'check']

/**
 * The poll an instructor or TA is writing in the launch form, until `PollsModel.launch(draft.body())` takes it.
 * Its own model (not part of PollsModel) so that only the launch form's chunk carries it: learners never load it.
 */
export class PollDraftModel extends Notifier {
  draft: PollDraft = emptyDraft()

  /** Starts a new, empty draft (after the server accepted a launch). */
  reset(): void {
    this.draft = emptyDraft()
    this.notify()
  }

  setQuestion(question: string): void {
    this.draft.question = question
    this.notify()
  }

  setOption(index: number, text: string): void {
    if (index < 0 || index >= this.draft.options.length) return
    this.draft.options[index] = text
    this.notify()
  }

  addOption(): void {
    if (this.draft.options.length >= maxPollOptions) return
    this.draft.options.push('')
    this.notify()
  }

  removeOption(index: number): void {
    const { options, correctOption } = this.draft
    if (options.length <= minPollOptions || index < 0 || index >= options.length) return
    options.splice(index, 1)
    if (correctOption !== undefined) {
      this.draft.correctOption = correctOption === index ? undefined : correctOption > index ? correctOption - 1 : correctOption
    }
    this.notify()
  }

  setKind(kind: PollKind): void {
    this.draft.kind = kind
    // Several questions are for checks only: another kind keeps the first question's fields.
    const [first] = this.draft.questions
    if (kind !== 'check' && first) {
      this.draft.questions = []
      if (first.kind === 'choice') Object.assign(this.draft, { options: first.options, correctOption: first.correctOption })
    }
    this.notify()
  }

  setCorrectOption(index: number | undefined): void {
    this.draft.correctOption = index
    this.notify()
  }

  /**
   * Adds a question to a check. The first time, the check's one question becomes its first of several (its text
   * stays as the title too) and an empty second one is added.
   */
  addQuestion(): void {
    const { draft } = this
    if (draft.kind !== 'check' || draft.questions.length >= maxCheckQuestions) return
    if (draft.questions.length === 0) {
      draft.questions.push({ question: draft.question, kind: 'choice', options: [...draft.options], correctOption: draft.correctOption })
    }
    draft.questions.push({ question: '', kind: 'choice', options: ['', ''], correctOption: undefined })
    this.notify()
  }

  /** Removes question `index`; with one left the check is a one-question check again (that question's fields). */
  removeQuestion(index: number): void {
    const { draft } = this
    if (index < 0 || index >= draft.questions.length) return
    draft.questions.splice(index, 1)
    if (draft.questions.length === 1) {
      const [last] = draft.questions
      draft.questions = []
      Object.assign(draft, { question: last!.question || draft.question, options: last!.kind === 'truefalse' ? ['', ''] : last!.options, correctOption: last!.kind === 'truefalse' ? undefined : last!.correctOption })
    }
    this.notify()
  }

  /** Changes question `index` of a multi-question check (its text, kind, options or correct option). */
  updateQuestion(index: number, patch: Partial<DraftQuestion>): void {
    const question = this.draft.questions[index]
    if (!question) return
    Object.assign(question, patch)
    if (question.correctOption !== undefined && question.correctOption >= question.options.length) question.correctOption = undefined
    this.notify()
  }

  /** Timer, anonymity and reveal of the draft. */
  setSettings(settings: Partial<Pick<PollDraft, 'durationSeconds' | 'anonymous' | 'revealManually'>>): void {
    Object.assign(this.draft, settings)
    this.notify()
  }

  /** The draft as the API takes it (`PollsModel.launch`, `saveToLibrary`). */
  body(): LaunchPollBody {
    const { question, options, kind, correctOption, durationSeconds, anonymous, revealManually, questions } = this.draft
    const several = kind === 'check' && questions.length >= 2
    return {
      question: question.trim(),
      ...(several
        ? {
            questions: questions.map((q) => ({
              question: q.question.trim(),
              options: q.options.map((o) => o.trim()),
              // The form requires a correct option; without one the server answers which question lacks it.
              correctOption: q.correctOption ?? -1,
            })),
          }
        : kindsWithOptions.includes(kind)
          ? { options: options.map((o) => o.trim()) }
          : {}),
      kind,
      ...((kind === 'check' || kind === 'truefalse') && correctOption !== undefined && !several ? { correctOption } : {}),
      ...(durationSeconds ? { durationSeconds } : {}),
      ...(anonymous ? { anonymous: true as const } : {}),
      ...(revealManually ? { reveal: 'manual' as const } : {}),
    }
  }
}
