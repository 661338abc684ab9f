/** Public API of the workout engine: pure TypeScript, time always passed in. */
export * from './types';
export * from './protocol';
export * from './plan';
export * from './timeline';
export * from './cues';
export * from './hr-max';
export * from './zones';
export * from './participant';
export * from './signal';
export * from './flags';
export * from './stats';
export * from './summary';
export * from './recent-window';
export * from './participant-tracker';
export * from './prng';
export * from './simulator';
export * from './demo-class';
