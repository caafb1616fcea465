export declare const coreBudgetBytes: number
export declare const coreCeilingBytes: number
export interface SdkChunkSize {
  files: string[]
  gzip: number
}
export declare function measureSdk(
  dir: string,
  entry?: string,
): { core: SdkChunkSize; lazy: Array<SdkChunkSize & { entry: string }>; hasZod: boolean }
