// A local-first single-page app: everything renders in the browser. Each route without parameters
// is prerendered as its own empty shell (build/class/live.html…), which already names the route's
// scripts, so a first load and a service-worker load fetch them with the framework instead of
// after the router has run (docs/performance.md, "Issue 18"); the rest get the fallback page.
export const ssr = false;
export const prerender = 'auto';
