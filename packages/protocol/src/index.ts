export * from './roles.ts'
export * from './errors.ts'
export * from './sessions.ts'
export * from './doc-shape.ts'
