'use strict';
// Validates Adaptive Cards with the official renderer (adaptivecards 3.x UMD bundle; its lib/ ESM
// build does not load under plain Node). Usage: node validate-cards.cjs <node_modules> < cards.json
// where stdin is a JSON array of cards. Prints a JSON array, one entry per card:
//   { problems: [ { source, event, message } ] }
// source: "parse" (SerializationContext events), "validate" (card.validateProperties()),
// "unknownProperty" (a key the renderer's schema for that object does not know), "card" (top-level checks).
const path = require('path');
const AC = require(path.resolve(process.argv[2], 'adaptivecards', 'dist', 'adaptivecards.js'));

const target = AC.Versions.v1_5;

// Keys the renderer parses by hand, so they are not in getSchema(), but are in the official
// schema (adaptive-card.json) for these types.
const structuralKeys = {
  AdaptiveCard: ['body', 'actions'],
  Container: ['items'],
  Column: ['items'],
  ColumnSet: ['columns'],
  ActionSet: ['actions'],
  RichTextBlock: ['inlines'],
  FactSet: ['facts'],
  'Input.ChoiceSet': ['choices'],
  'Action.ShowCard': ['card'],
  'Action.ToggleVisibility': ['targetElements'],
};
// Teams host properties: not in the Adaptive Cards schema, so the JS renderer ignores them
// silently (no event, dropped by toJSON). Teams documents card-level "msteams" (width, entities:
// teams-protocol.md §6); Action.Submit's data.msteams is inside free-form data, so needs no entry.
const hostKeys = { AdaptiveCard: ['msteams'] };
// Keys every element/action may carry but that the renderer handles outside getSchema().
const commonKeys = ['fallback'];

function schemaNames(obj) {
  const schema = obj.getSchema();
  const names = new Set();
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

function instanceFor(type) {
  if (type === 'AdaptiveCard') return new AC.AdaptiveCard();
  if (type === 'Column') return new AC.Column();
  if (type === 'TextRun') return new AC.TextRun();
  return AC.GlobalRegistry.elements.createInstance(type, target)
      || AC.GlobalRegistry.actions.createInstance(type, target);
}

// Walks the card JSON and reports keys the renderer would silently drop: typos and properties of
// newer schema versions never reach the user, and the renderer itself does not say so.
function unknownProperties(json, at, problems) {
  if (Array.isArray(json)) {
    json.forEach((item, i) => unknownProperties(item, `${at}[${i}]`, problems));
    return;
  }
  if (json === null || typeof json !== 'object') return;
  const type = json.type;
  const instance = typeof type === 'string' ? instanceFor(type) : undefined;
  if (instance) {
    const known = schemaNames(instance);
    for (const k of [...(structuralKeys[type] || []), ...(hostKeys[type] || []), ...commonKeys]) known.add(k);
    for (const key of Object.keys(json)) {
      if (!known.has(key)) {
        problems.push({ source: 'unknownProperty', event: 'UnsupportedProperty', message: `${at}: "${type}" has no property "${key}" in the renderer's schema` });
      }
    }
  }
  for (const [key, value] of Object.entries(json)) {
    // data is free-form; host properties are not Adaptive Card objects.
    if (key === 'data' || (hostKeys[type] || []).includes(key)) continue;
    if (key === 'facts' || key === 'choices') {
      // Fact/Choice have no "type"; check their keys against the renderer's classes.
      const known = schemaNames(key === 'facts' ? new AC.Fact() : new AC.Choice());
      (Array.isArray(value) ? value : []).forEach((item, i) => {
        for (const k of Object.keys(item || {})) {
          if (!known.has(k)) problems.push({ source: 'unknownProperty', event: 'UnsupportedProperty', message: `${at}.${key}[${i}]: no property "${k}"` });
        }
      });
      continue;
    }
    if (key === 'refresh' && value && typeof value === 'object') {
      const known = schemaNames(new AC.RefreshDefinition());
      for (const k of Object.keys(value)) {
        if (!known.has(k)) problems.push({ source: 'unknownProperty', event: 'UnsupportedProperty', message: `${at}.refresh: no property "${k}"` });
      }
      unknownProperties(value.action, `${at}.refresh.action`, problems);
      continue;
    }
    unknownProperties(value, `${at}.${key}`, problems);
  }
}

function validate(json) {
  const problems = [];
  // The renderer accepts a card without "type" or "version" silently; the schema requires both,
  // and Teams needs version 1.5 or lower for Universal Actions (teams-protocol.md §6).
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { problems: [{ source: 'card', event: 'MissingCardType', message: 'A card must be a JSON object' }] };
  }
  if (json.type !== 'AdaptiveCard') problems.push({ source: 'card', event: 'MissingCardType', message: `type must be "AdaptiveCard", got ${JSON.stringify(json.type)}` });
  if (typeof json.version !== 'string') problems.push({ source: 'card', event: 'UnsupportedCardVersion', message: 'version is required' });
  else if (!AC.Version.parse(json.version, new AC.SerializationContext()).isValid || AC.Version.parse(json.version, new AC.SerializationContext()).compareTo(target) > 0) {
    problems.push({ source: 'card', event: 'UnsupportedCardVersion', message: `version ${json.version} is not a valid version up to 1.5, the highest Teams renders` });
  }

  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(target);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push({ source: 'parse', event: AC.ValidationEvent[e.event], message: e.message });
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    problems.push({ source: 'validate', event: AC.ValidationEvent[e.event], message: e.message });
  }
  unknownProperties(json, '$', problems);
  return { problems };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const cards = JSON.parse(input);
  process.stdout.write(JSON.stringify(cards.map(validate)));
});
