// Validates JSON bodies against the OpenAPI document Seam publishes in @seamapi/types.
// Input: a JSON file of items {name, path, kind: "request" | "response", status?, body}.
// Output (stdout): [{name, valid, errors}]. For requests it also reports every field the
// schema does not document, so an adapter that forwards unknown fields fails here.
import { readFileSync } from "node:fs";
import { openapi } from "@seamapi/types/connect";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
addFormats(ajv);
ajv.addFormat("float", true); // OpenAPI numeric formats that JSON Schema does not define

// Seam's generator writes Zod unions as oneOf even where branches overlap: /acs/credentials/list's body is
// oneOf [{acs_user_id}, {acs_system_id}, ..., {}], and the empty branch matches every body, so no real
// request could match "exactly one". Such unions mean anyOf. Discriminated unions stay oneOf.
const unionsAsAnyOf = (node) => {
  if (Array.isArray(node)) return node.map(unionsAsAnyOf);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unionsAsAnyOf(v)]));
  if (copy.oneOf && !copy.discriminator) {
    copy.anyOf = copy.oneOf;
    delete copy.oneOf;
  }
  // OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum (a device's battery level) are numbers in JSON Schema.
  for (const [exclusive, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]]) {
    if (typeof copy[exclusive] !== "boolean") continue;
    if (copy[exclusive] && typeof copy[bound] === "number") copy[exclusive] = copy[bound], delete copy[bound];
    else delete copy[exclusive];
  }
  // "nullable" without a "type" (an action attempt's result) means any value or null: Ajv refuses the pair.
  if (copy.nullable && copy.type === undefined) delete copy.nullable;
  return copy;
};

const schemaOf = ({ path, kind, status }) => {
  const operation = openapi.paths[path]?.post;
  return kind === "request"
    ? operation?.requestBody?.content?.["application/json"]?.schema
    : operation?.responses?.[String(status)]?.content?.["application/json"]?.schema;
};

const documentedProperties = (schema, names = new Set()) => {
  for (const name of Object.keys(schema?.properties ?? {})) names.add(name);
  for (const part of [...(schema?.allOf ?? []), ...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])])
    documentedProperties(part, names);
  return names;
};

const items = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = items.map((item) => {
  const schema = schemaOf(item);
  if (!schema) return { name: item.name, valid: false, errors: [`no ${item.kind} schema for POST ${item.path} ${item.status ?? ""}`] };

  // Local $refs (#/components/...) resolve against the document's components.
  const validate = ajv.compile(unionsAsAnyOf({ ...schema, components: openapi.components }));
  const errors = validate(item.body) ? [] : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
  if (item.kind === "request") {
    const documented = documentedProperties(schema);
    for (const field of Object.keys(item.body ?? {}))
      if (!documented.has(field)) errors.push(`/${field} is not a documented field`);
  }
  return { name: item.name, valid: errors.length === 0, errors };
});
process.stdout.write(JSON.stringify(results));
