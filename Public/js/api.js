// The dashboard's only way to the service: the endpoints of openapi.yaml, same origin, bearer token from
// sessionStorage (asked once per tab; never localStorage, never in a URL).

const TOKEN_KEY = "odoo-medusa-sync.apiToken";
let memoryToken = null; // used only when sessionStorage is unavailable (e.g. disabled storage)

export const token = {
  get() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY) || null;
    } catch {
      return memoryToken;
    }
  },
  set(value) {
    memoryToken = value;
    try {
      window.sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      /* memory only */
    }
  },
  clear() {
    memoryToken = null;
    try {
      window.sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* memory only */
    }
  },
};

/** An API failure with the service's `{"error": {"code", "message"}}` (or what the browser knows). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

/** The API needs a token that we do not have, or the one we had was refused (401). */
export class AuthRequiredError extends ApiError {
  constructor(message, refused) {
    super(401, "unauthorized", message);
    this.name = "AuthRequiredError";
    this.refused = refused;
  }
}

let authHandler = () => {};
/** Called with (reason: "missing" | "refused", message) whenever the API needs the token (again). */
export function onAuthRequired(handler) {
  authHandler = handler;
}

export function isAbort(error) {
  return error && (error.name === "AbortError" || error.code === "aborted");
}

function requireToken() {
  const value = token.get();
  if (!value) {
    const error = new AuthRequiredError("Enter the API token (SYNC_API_TOKEN) to use the sync API.", false);
    authHandler("missing", error.message);
    throw error;
  }
  return value;
}

async function errorFrom(response) {
  let code = `http_${response.status}`;
  let message = `The service answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch {
    /* not JSON: keep the status line */
  }
  return new ApiError(response.status, code, message);
}

/**
 * One request. Returns {status, headers, data}. Throws ApiError (message from the service), AuthRequiredError
 * (401 or no token: the token form is shown by the handler) or the AbortError of `signal`.
 */
export async function request(method, path, { body, auth = true, signal, accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  if (auth) headers.Authorization = `Bearer ${requireToken()}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
      credentials: "same-origin",
      redirect: "error",
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(0, "network", "Cannot reach the service. Check that it is running and try again.");
  }
  if (response.status === 401 && auth) {
    const refused = await errorFrom(response);
    token.clear();
    const error = new AuthRequiredError(`The API token was refused (${refused.message}). Enter it again.`, true);
    authHandler("refused", error.message);
    throw error;
  }
  if (!response.ok) throw await errorFrom(response);
  if (accept !== "application/json") return { status: response.status, headers: response.headers, response };
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(response.status, "invalid_response", "The service sent a response that is not JSON.");
    }
  }
  return { status: response.status, headers: response.headers, data };
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const runPath = (id) => `/runs/${encodeURIComponent(String(id))}`;

export const api = {
  health: (signal) => request("GET", "/health", { auth: false, signal }).then((r) => r.data),
  listRuns: (params, signal) => request("GET", `/runs${query(params)}`, { signal }).then((r) => r.data),
  getRun: (id, params, signal) => request("GET", `${runPath(id)}${query(params)}`, { signal }).then((r) => r.data),
  /** POST /sync: `{scope: "catalogue" | "orders" | "deliveries" | "all", ...}` (the scope defaults to the catalogue). */
  startSync: (body) => request("POST", "/sync", { body }).then((r) => r.data),
  /** GET /orders: the orders sent to Odoo, those waiting, and the bases of the record links (OrderList). */
  listOrders: (params, signal) => request("GET", `/orders${query(params)}`, { signal }).then((r) => r.data),
  /** POST /demo/deliveries (`serve --demo` only): the simulated Odoo validates the order's delivery (DemoDeliveryAccepted). */
  validateDemoDelivery: (body) => request("POST", "/demo/deliveries", { body }).then((r) => r.data),
  cancelRun: (id) => request("POST", `${runPath(id)}/cancel`).then((r) => r.data),
  /** The retry set: products and categories that failed and have not been written since. */
  listRetries: (signal) => request("GET", "/retries", { signal }).then((r) => r.data),
  /** "Retry now": the item is due at once and a run that tries it is queued (SyncAccepted). */
  retryNow: (kind, id) =>
    request("POST", `/retries/${encodeURIComponent(kind)}/${encodeURIComponent(String(id))}/retry`).then((r) => r.data),
  /** The raw streaming response of GET /runs/{id}/events (parsed by sse.js). */
  runEvents: (id, signal) =>
    request("GET", `${runPath(id)}/events`, { signal, accept: "text/event-stream" }).then((r) => r.response),
  openapi: (signal) => request("GET", "/openapi.json", { auth: false, signal }).then((r) => r.data),
};

/** Every id of a run's items with `outcome`, following `nextItemsCursor` through all pages. */
export async function allItemIds(runId, outcome, { pageSize = 1000, maxPages = 1000 } = {}) {
  const ids = [];
  let cursor;
  for (let page = 0; page < maxPages; page += 1) {
    const detail = await api.getRun(runId, { outcome, itemsLimit: pageSize, itemsCursor: cursor });
    for (const item of detail.items || []) ids.push(item.odooTemplateId);
    cursor = detail.nextItemsCursor;
    if (!cursor) break;
  }
  return [...new Set(ids)];
}
