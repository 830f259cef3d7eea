// A readable rendering of the service's own contract (GET /openapi.json): operations grouped by tag, parameters,
// request and response bodies with their schemas ($ref resolved, nested ones expandable), and every schema.

import { api } from "./api.js";
import { h, replaceChildren, richText, inlineText } from "./dom.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export function refName(ref) {
  return decodeURIComponent(String(ref).split("/").pop()).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Resolves a local JSON pointer such as "#/components/schemas/Run" (follows chains of $ref). */
export function resolveRef(doc, ref, depth = 0) {
  if (typeof ref !== "string" || !ref.startsWith("#/")) return null;
  let node = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) return null;
    node = node[key];
  }
  if (node && node.$ref && depth < 20) return resolveRef(doc, node.$ref, depth + 1);
  return node;
}

const anchor = (kind, name) => `${kind}-${String(name).replace(/[^A-Za-z0-9_-]+/g, "-")}`;

function deref(doc, value) {
  return value && value.$ref ? resolveRef(doc, value.$ref) || {} : value || {};
}

function typeLabel(doc, schema) {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return h("a", { href: `#${anchor("schema", name)}` }, name);
  }
  if (schema.type === "array") return ["array of ", typeLabel(doc, schema.items)];
  const variants = schema.oneOf || schema.anyOf;
  if (variants) return variants.map((variant, index) => [index ? " | " : "", typeLabel(doc, variant)]);
  let text = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || (schema.properties ? "object" : "any");
  if (schema.format) text += ` (${schema.format})`;
  return text;
}

function constraints(doc, schema) {
  const target = deref(doc, schema);
  const parts = [];
  if (target.enum) parts.push(["one of ", target.enum.map((value, index) => [index ? ", " : "", h("code", {}, String(value))])]);
  for (const [key, label] of [["minimum", "min"], ["maximum", "max"], ["minLength", "min length"], ["maxLength", "max length"],
    ["minItems", "min items"], ["maxItems", "max items"], ["default", "default"]]) {
    if (target[key] !== undefined) parts.push([`${label} `, h("code", {}, JSON.stringify(target[key]))]);
  }
  if (target.additionalProperties === false) parts.push("no other fields");
  return parts.length ? h("span", { class: "api-meta" }, parts.map((part, index) => [index ? " · " : "", part])) : null;
}

function isExpandable(doc, schema) {
  const target = deref(doc, schema);
  if (target.type === "array") return isExpandable(doc, target.items);
  return Boolean(target.properties);
}

function objectTable(doc, schema, depth, seen, name) {
  const required = new Set(schema.required || []);
  return h("div", { class: "table-wrap" },
    h("table", { class: "data-table schema", "aria-label": name ? `Fields of ${name}` : "Fields" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Type"), h("th", { scope: "col" }, "Description"))),
      h("tbody", {}, Object.entries(schema.properties || {}).map(([name, property]) => {
        const nested = isExpandable(doc, property) && depth < 4 ? nestedSchema(doc, property, depth + 1, seen) : null;
        return h("tr", {},
          h("th", { scope: "row", "data-label": "Field" }, h("span", {}, h("code", {}, name), required.has(name) ? [" ", h("span", { class: "required-mark" }, "required")] : null)),
          h("td", { "data-label": "Type" }, h("span", { class: "schema-type" }, typeLabel(doc, property))),
          h("td", { "data-label": "Description" }, h("div", {}, richText(deref(doc, property).description || property.description), constraints(doc, property), nested)));
      }))));
}

/** A nested schema, collapsed: a <details> that shows the referenced object's fields. */
function nestedSchema(doc, schema, depth, seen) {
  const items = schema.type === "array" ? schema.items : schema;
  const name = items && items.$ref ? refName(items.$ref) : null;
  if (name && seen.has(name)) return h("p", { class: "api-meta" }, "(recursive: see ", h("a", { href: `#${anchor("schema", name)}` }, name), ")");
  const target = deref(doc, items);
  const nextSeen = new Set(seen);
  if (name) nextSeen.add(name);
  return h("details", {}, h("summary", {}, name ? `Fields of ${name}` : "Fields"), schemaBody(doc, target, depth, nextSeen, name));
}

function schemaBody(doc, schema, depth, seen, name) {
  const target = deref(doc, schema);
  if (target.type === "array") {
    return h("div", { class: "schema-block" }, h("p", {}, "Array of ", h("span", { class: "schema-type" }, typeLabel(doc, target.items)), "."),
      isExpandable(doc, target.items) ? schemaView(doc, target.items, depth + 1, seen) : constraints(doc, target.items));
  }
  if (target.properties) {
    return h("div", { class: "schema-block" }, richText(target.description), objectTable(doc, target, depth, seen, name),
      target.additionalProperties === true ? h("p", { class: "api-meta" }, "Other fields are allowed.") : null);
  }
  return h("div", { class: "schema-block" }, h("p", {}, h("span", { class: "schema-type" }, typeLabel(doc, target)), " ", constraints(doc, target)), richText(target.description));
}

/** A schema as used by an operation: its name (linked) and its fields, with every $ref resolved. */
export function schemaView(doc, schema, depth = 0, seen = new Set()) {
  if (!schema) return h("p", { class: "muted" }, "No schema.");
  if (schema.$ref) {
    const name = refName(schema.$ref);
    const target = resolveRef(doc, schema.$ref);
    if (!target) return h("p", { class: "bad" }, `Unresolved reference ${schema.$ref}`);
    const nextSeen = new Set(seen).add(name);
    return h("div", { class: "schema" },
      h("p", { class: "api-meta" }, "Schema ", h("a", { href: `#${anchor("schema", name)}` }, name)),
      schemaBody(doc, target, depth, nextSeen, name));
  }
  return h("div", { class: "schema" }, schemaBody(doc, schema, depth, seen));
}

function securityText(doc, operation) {
  const security = operation.security || doc.security || [];
  if (!security.length) return "none";
  return security.map((requirement) => Object.keys(requirement).map((name) => {
    const scheme = (doc.components && doc.components.securitySchemes && doc.components.securitySchemes[name]) || {};
    const kind = scheme.type === "http" ? `HTTP ${scheme.scheme}` : scheme.type || name;
    return `${kind}${scheme.description ? ` (${scheme.description})` : ""}`;
  }).join(" + ")).join(" or ");
}

function parametersView(doc, pathItem, operation, title) {
  const parameters = [...(pathItem.parameters || []), ...(operation.parameters || [])].map((parameter) => deref(doc, parameter));
  if (!parameters.length) return null;
  return [h("h4", { class: "api-subhead" }, "Parameters"),
    h("div", { class: "table-wrap" }, h("table", { class: "data-table", "aria-label": `Parameters of ${title}` },
      h("thead", {}, h("tr", {}, ["Name", "In", "Type", "Description"].map((label) => h("th", { scope: "col" }, label)))),
      h("tbody", {}, parameters.map((parameter) => h("tr", {},
        h("th", { scope: "row", "data-label": "Name" }, h("span", {}, h("code", {}, parameter.name), parameter.required ? [" ", h("span", { class: "required-mark" }, "required")] : null)),
        h("td", { "data-label": "In" }, parameter.in),
        h("td", { "data-label": "Type" }, h("span", { class: "schema-type" }, typeLabel(doc, parameter.schema))),
        h("td", { "data-label": "Description" }, h("div", {}, richText(parameter.description), constraints(doc, parameter.schema))))))))];
}

function contentView(doc, content) {
  return Object.entries(content || {}).map(([mediaType, media]) =>
    h("div", {}, h("p", { class: "api-meta" }, "Content type ", h("code", {}, mediaType)), schemaView(doc, media.schema)));
}

function requestBodyView(doc, operation) {
  if (!operation.requestBody) return null;
  const body = deref(doc, operation.requestBody);
  return [h("h4", { class: "api-subhead" }, `Request body${body.required ? " (required)" : " (optional)"}`),
    richText(body.description), contentView(doc, body.content)];
}

function responsesView(doc, operation) {
  const responses = Object.entries(operation.responses || {});
  if (!responses.length) return null;
  return [h("h4", { class: "api-subhead" }, "Responses"),
    responses.map(([status, raw]) => {
      const response = deref(doc, raw);
      const headers = Object.entries(response.headers || {});
      const shared = raw.$ref ? [" ", h("span", { class: "api-meta" }, `(${refName(raw.$ref)})`)] : null;
      const hasBody = Object.keys(response.content || {}).length > 0;
      const summary = h("summary", {}, h("span", { class: "status-code" }, status), " ", inlineText(response.description), shared);
      return h("details", { class: "response", open: status.startsWith("2") },
        summary,
        headers.length ? h("p", { class: "api-meta" }, "Headers: ", headers.map(([name, header], index) =>
          [index ? ", " : "", h("code", {}, name), ` (${typeLabel(doc, deref(doc, header).schema)}${deref(doc, header).required ? ", always sent" : ""})`])) : null,
        hasBody ? contentView(doc, response.content) : h("p", { class: "muted" }, "No body."));
    })];
}

function operationsByTag(doc) {
  const groups = new Map((doc.tags || []).map((tag) => [tag.name, { tag, operations: [] }]));
  for (const [path, pathItem] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      const tagName = (operation.tags && operation.tags[0]) || "other";
      if (!groups.has(tagName)) groups.set(tagName, { tag: { name: tagName }, operations: [] });
      groups.get(tagName).operations.push({ path, method, pathItem, operation });
    }
  }
  return [...groups.values()].filter((group) => group.operations.length);
}

function operationView(doc, { path, method, pathItem, operation }) {
  const id = anchor("op", operation.operationId || `${method}-${path}`);
  return h("article", { class: "card operation", id, "aria-labelledby": `${id}-title` },
    h("div", { class: "operation-head" },
      h("span", { class: ["method", `method-${method}`] }, method.toUpperCase()),
      h("h3", { id: `${id}-title` }, h("span", { class: "visually-hidden" }, `${method.toUpperCase()} `), path)),
    richText(operation.summary),
    richText(operation.description),
    h("p", { class: "api-meta" }, "Operation ", h("code", {}, operation.operationId || "–"), " · auth: ", securityText(doc, operation)),
    parametersView(doc, pathItem, operation, `${method.toUpperCase()} ${path}`),
    requestBodyView(doc, operation),
    responsesView(doc, operation));
}

export function renderContract(container, doc) {
  const groups = operationsByTag(doc);
  const schemas = Object.entries((doc.components && doc.components.schemas) || {});
  const info = doc.info || {};
  replaceChildren(container,
    h("h1", { class: "page-title", tabindex: "-1" }, info.title || "API", " ", h("span", { class: "badge" }, `v${info.version || "?"}`)),
    h("p", { class: "api-meta" }, `OpenAPI ${doc.openapi || ""}`),
    richText(info.description),
    h("nav", { "aria-labelledby": "toc-title", class: "card" },
      h("h2", { id: "toc-title" }, "Contents"),
      h("ul", { class: "toc" },
        groups.map((group) => group.operations.map(({ path, method, operation }) =>
          h("li", {}, h("a", { href: `#${anchor("op", operation.operationId || `${method}-${path}`)}` }, `${method.toUpperCase()} ${path}`)))),
        h("li", {}, h("a", { href: "#schemas" }, "Schemas")))),
    groups.map((group) => h("section", { class: "section", "aria-labelledby": anchor("tag", group.tag.name) },
      h("h2", { id: anchor("tag", group.tag.name) }, group.tag.name),
      richText(group.tag.description),
      group.operations.map((entry) => operationView(doc, entry)))),
    h("section", { class: "section", "aria-labelledby": "schemas" },
      h("h2", { id: "schemas", tabindex: "-1" }, "Schemas"),
      schemas.map(([name, schema]) => h("article", { class: "card operation", id: anchor("schema", name), "aria-labelledby": `${anchor("schema", name)}-title` },
        h("h3", { id: `${anchor("schema", name)}-title` }, name),
        schemaBody(doc, schema, 0, new Set([name]), name)))));
}

async function start() {
  const status = document.getElementById("api-status");
  document.querySelector(".skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    document.getElementById("main").focus();
  });
  try {
    const doc = await api.openapi();
    renderContract(document.getElementById("api-doc"), doc);
    status.hidden = true;
    document.title = `API contract · ${(doc.info && doc.info.title) || "API"}`;
    if (window.location.hash) {
      const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  } catch (error) {
    status.classList.add("message-error");
    status.textContent = `The API contract could not be loaded: ${error.message}`;
  }
}

if (typeof document !== "undefined" && document.getElementById("api-doc")) start();
