// Worker threads do not inherit the main thread's module hooks, so the worker loads tsx itself before
// importing the TypeScript worker (the server runs from source through tsx everywhere).
import { register } from 'tsx/esm/api'

register()
await import('./asr-worker.ts')
