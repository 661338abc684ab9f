/**
 * How many rows a long list (people, sessions) renders at first, and how many more each "Show
 * more" adds. Rendering one page keeps every list prompt however large the restored data: the
 * roster, the class and solo pickers and the history list each render at most this many rows
 * until asked for more (tests/e2e/large-roster.spec.ts).
 */
export const LIST_PAGE = 200;
