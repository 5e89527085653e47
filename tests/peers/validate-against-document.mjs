// Validates JSON bodies against schemas of an OpenAPI 3.0 or Swagger 2.0 document (our own API description).
// Usage: node validate-against-document.mjs <document.json> <items.json>
// Items: [{name, ref: "#/components/schemas/X" | "#/definitions/X", body}]. Output: [{name, valid, errors}].
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

// Swagger 2.0 spells nullable as the x-nullable extension (what Power Platform reads).
const withNullable = (node) => {
  if (Array.isArray(node)) return node.map(withNullable);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withNullable(v)]));
  if (copy["x-nullable"] === true) copy.nullable = true;
  return copy;
};

const document = withNullable(JSON.parse(readFileSync(process.argv[2], "utf8")));
const items = JSON.parse(readFileSync(process.argv[3], "utf8"));
const results = items.map(({ name, ref, body }) => {
  const validate = ajv.compile({ $ref: ref, components: document.components, definitions: document.definitions });
  const valid = validate(body);
  return { name, valid, errors: valid ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`) };
});
process.stdout.write(JSON.stringify(results));
