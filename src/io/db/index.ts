export {
  connect,
  type DbConnection,
  type DbLocation,
  type DbRow,
  isDbLocation,
  parseDbLocation,
} from './connection.js';
export { type DataLocation, describeLocation, type Engine, parseLocation } from './location.js';
export { numberPlaceholders } from './placeholders.js';
