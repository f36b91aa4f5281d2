export * from './access.ts';
export * from './catalog.ts';
export * from './duplicates.ts';
export * from './lifecycle.ts';
export * from './vocabulary.ts';
