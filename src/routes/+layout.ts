// A local-first single-page app: everything renders in the browser (adapter-static fallback).
export const ssr = false;
export const prerender = false;
