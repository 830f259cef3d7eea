// Live progress of a run from GET /runs/{id}/events. EventSource cannot send the bearer token, so the stream is read
// with fetch and a body reader and parsed here (the WHATWG event-stream format). When the stream breaks, it
// reconnects with a bounded backoff; when that keeps failing, it falls back to polling GET /runs/{id}.

import { api, isAbort, AuthRequiredError, ApiError } from "./api.js";
import { FINISHED_STATUSES } from "./dom.js";

/**
 * Incremental event-stream parser: feed it text chunks as they arrive (any split), it calls
 * onEvent({event, data, id}) for every dispatched event and onComment(text) for comment lines.
 */
export class SSEParser {
  constructor(onEvent, onComment = () => {}) {
    this.onEvent = onEvent;
    this.onComment = onComment;
    this.buffer = "";
    this.started = false;
    this.pendingCR = false;
    this.reset();
    this.lastEventId = "";
  }

  reset() {
    this.eventType = "";
    this.dataLines = [];
  }

  feed(chunk) {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR at the very end of the previous chunk may be the first half of CRLF.
    if (this.pendingCR) {
      this.pendingCR = false;
      if (text.startsWith("\n")) text = text.slice(1);
    }
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const c = this.buffer[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(this.buffer.slice(start, i));
      if (c === "\r") {
        if (i + 1 < this.buffer.length) {
          if (this.buffer[i + 1] === "\n") i += 1;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The stream ended: an event without its blank line is discarded (as the spec says). */
  end() {
    this.buffer = "";
    this.reset();
  }

  line(line) {
    if (line === "") {
      this.dispatch();
      return;
    }
    if (line.startsWith(":")) {
      this.onComment(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(":");
    let field = line;
    let value = "";
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
    }
    switch (field) {
      case "event":
        this.eventType = value;
        break;
      case "data":
        this.dataLines.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      default:
        break; // "retry" and unknown fields: ignored
    }
  }

  dispatch() {
    if (this.dataLines.length === 0) {
      this.reset();
      return;
    }
    const event = { event: this.eventType || "message", data: this.dataLines.join("\n"), id: this.lastEventId };
    this.reset();
    this.onEvent(event);
  }
}

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException("aborted", "AbortError"));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });

export const WATCH_DEFAULTS = {
  maxReconnects: 5, // stream attempts in a row without an event before polling takes over
  backoffBaseMs: 500, // 0.5 s, 1 s, 2 s, 4 s, 8 s
  backoffMaxMs: 8000,
  pollIntervalMs: 2000,
  maxPollFailures: 10, // consecutive failed polls before giving up
};

/**
 * Watches run `id` until it finishes. Callbacks: onProgress(progress), onFinished(run), onConnection(state, detail)
 * with state "streaming" | "reconnecting" | "polling" | "lost", onError(error) for errors that end the watch
 * (401 → the token form has been shown; 404). Returns {stop()}.
 */
export function watchRun(id, callbacks, options = {}) {
  const settings = { ...WATCH_DEFAULTS, ...options };
  const controller = new AbortController();
  const { signal } = controller;
  const onProgress = callbacks.onProgress || (() => {});
  const onFinished = callbacks.onFinished || (() => {});
  const onConnection = callbacks.onConnection || (() => {});
  const onError = callbacks.onError || (() => {});
  let finished = false;

  const finish = (run) => {
    if (finished) return;
    finished = true;
    onFinished(run);
  };

  /** One connection; resolves true when the run finished, false when the stream ended or broke first. */
  async function stream() {
    let gotEvent = false;
    const response = await api.runEvents(id, signal);
    if (!response.body || typeof response.body.getReader !== "function") throw new ApiError(0, "no_stream", "streaming unsupported");
    onConnection("streaming");
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SSEParser((event) => {
      gotEvent = true;
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return; // not ours to show
      }
      if (event.event === "progress") onProgress(data);
      else if (event.event === "finished") finish(data);
    });
    try {
      while (!finished) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
      parser.feed(decoder.decode());
      parser.end();
    } finally {
      if (finished) reader.cancel().catch(() => {});
    }
    return { finished, gotEvent };
  }

  async function poll() {
    onConnection("polling");
    let failures = 0;
    while (!finished && !signal.aborted) {
      try {
        const detail = await api.getRun(id, { itemsLimit: 1 }, signal);
        failures = 0;
        const run = detail.run;
        if (FINISHED_STATUSES.has(run.status)) {
          finish(run);
          return;
        }
        if (run.progress) onProgress(run.progress);
      } catch (error) {
        if (isAbort(error)) return;
        if (error instanceof AuthRequiredError || error.status === 404) throw error;
        failures += 1;
        if (failures >= settings.maxPollFailures) {
          onConnection("lost", error.message);
          return;
        }
      }
      await sleep(settings.pollIntervalMs, signal);
    }
  }

  (async () => {
    let attempts = 0;
    try {
      while (!finished && !signal.aborted) {
        try {
          const result = await stream();
          if (result.finished) return;
          if (result.gotEvent) attempts = 0;
        } catch (error) {
          if (isAbort(error)) return;
          if (error instanceof AuthRequiredError || error.status === 404 || error.status === 400) throw error;
          if (error.code === "no_stream") break;
        }
        attempts += 1;
        if (attempts > settings.maxReconnects) break;
        const delay = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempts - 1));
        onConnection("reconnecting", { attempt: attempts, delayMs: delay });
        await sleep(delay, signal);
      }
      if (!finished && !signal.aborted) await poll();
    } catch (error) {
      if (!isAbort(error)) onError(error);
    }
  })();

  return {
    stop() {
      controller.abort();
    },
    get finished() {
      return finished;
    },
  };
}
