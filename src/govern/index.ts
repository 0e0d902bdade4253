export { buildManifest, canonicalJson, type Manifest, specHash } from './manifest.js';
