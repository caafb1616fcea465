export declare function waitFor(check: () => boolean, timeoutMs?: number, what?: string, intervalMs?: number): Promise<void>
export declare function sleep(ms: number): Promise<void>
