'use strict';
// Validates Teams app manifests against the official JSON schema shipped in @microsoft/app-manifest.
// The Teams schemas are JSON Schema draft-04, so this uses ajv-draft-04 (installed with
// @microsoft/app-manifest) plus ajv-formats for "uri"/"email". strict:false because the schema
// uses keywords and formats ajv's strict mode rejects (it is not ours to change).
// Usage: node validate-manifest.cjs <node_modules> <schema version e.g. v1.30> < manifests.json (array)
// Prints a JSON array: one array of "instancePath message" strings per manifest.
const path = require('path');
const modules = path.resolve(process.argv[2]);
const Ajv = require(path.join(modules, 'ajv-draft-04'));
const addFormats = require(path.join(modules, 'ajv-formats'));
const schema = require(path.join(modules, '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', process.argv[3], 'MicrosoftTeams.schema.json'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', c => { input += c; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map(m => validate(m) ? [] : validate.errors.map(e => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`));
  process.stdout.write(JSON.stringify(results));
});
