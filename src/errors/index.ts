export { closest, editDistance } from './edit-distance.js';
export { formatPath, renderIssues } from './render.js';
export { type Issue, isTrainkitError, type Location, TrainkitError, userError } from './trainkit-error.js';
