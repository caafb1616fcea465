export interface SpeechOptions {
  voice?: string
  wordsPerMinute?: number
}
export declare function speak(text: string, opts?: SpeechOptions): Uint8Array
/** Writes a WAV of the texts with pauses; answers its length in seconds. */
export declare function speakToWavFile(file: string, texts: string[], opts?: SpeechOptions & { pauseMs?: number }): number
export declare function silencePcm16(ms: number): Uint8Array
export declare function concatBytes(...parts: Uint8Array[]): Uint8Array
