/* Shared by the Gavel pages: JSON calls to the public API, signing in, and a reader for event streams
   that need an Authorization header (EventSource cannot send one). */
'use strict';

const Gavel = (() => {
  function basic(username, password) {
    const bytes = new TextEncoder().encode(username + ':' + password);
    let binary = '';
    bytes.forEach((b) => { binary += String.fromCharCode(b); });
    return 'Basic ' + btoa(binary);
  }

  /** One call: resolves to {status, body, headers}; body is the parsed JSON or null. Never rejects on HTTP status. */
  async function call(method, path, options = {}) {
    const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
    if (options.authorization) headers.Authorization = options.authorization;
    let payload;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(options.body);
    }
    let response;
    try {
      response = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
    } catch (e) {
      return { status: 0, body: { error: 'network', message: 'the server could not be reached' }, headers: new Headers() };
    }
    let body = null;
    const text = await response.text();
    if (text) {
      try { body = JSON.parse(text); } catch (e) { body = { error: 'internal', message: text.slice(0, 200) }; }
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** POST /auth/tokens with Basic credentials: resolves to {token, expires_at} or rejects with the error JSON. */
  async function signIn(username, password) {
    const reply = await call('POST', '/auth/tokens', { authorization: basic(username, password) });
    if (reply.status === 201 && reply.body && reply.body.token) return reply.body;
    throw Object.assign(reply.body || { error: 'internal', message: 'no answer' }, {
      status: reply.status, retryAfter: reply.headers.get('Retry-After') });
  }

  /** The session kept in sessionStorage under `key`: {username, token, expires_at}, or null when absent or expired. */
  function session(key) {
    try {
      const s = JSON.parse(sessionStorage.getItem(key) || 'null');
      if (s && s.token && (!s.expires_at || Date.parse(s.expires_at) > Date.now())) return s;
    } catch (e) { /* an unreadable entry is no session */ }
    sessionStorage.removeItem(key);
    return null;
  }

  /** A failed sign-in in words, by the contract's error code. */
  function signInError(error) {
    switch (error.error) {
      case 'unauthorized': return 'Wrong username or password.';
      case 'too_many_requests':
        return `Too many failed attempts: try again in ${error.retryAfter || 'a few'} seconds.`;
      case 'network': return 'The server could not be reached. Check your connection and try again.';
      default: return `Signing in failed: ${error.message || error.error}.`;
    }
  }

  /**
   * Wires a page's sign-in form (#signin, #signin-username, #signin-password, #signin-error): signs in, keeps the
   * session in sessionStorage under `key`, and hands it to onSignedIn; `missing` is shown when a field is empty.
   */
  function bindSignIn(key, missing, onSignedIn) {
    const $ = (id) => document.getElementById(id);
    $('signin').addEventListener('submit', async (event) => {
      event.preventDefault();
      const username = $('signin-username').value.trim();
      const password = $('signin-password').value;
      $('signin-error').textContent = '';
      if (!username || !password) {
        $('signin-error').textContent = missing;
        return;
      }
      try {
        const token = await signIn(username, password);
        const signedIn = { username, token: token.token, expires_at: token.expires_at };
        sessionStorage.setItem(key, JSON.stringify(signedIn));
        $('signin-password').value = '';
        onSignedIn(signedIn);
      } catch (error) {
        $('signin-error').textContent = signInError(error);
      }
    });
  }

  /**
   * Reads a text/event-stream with fetch(), dispatching onEvent(type, data, id) per event, and reconnects with
   * backoff (1 s doubling to 30 s) until stop() is called. A 401 or 403 stops it and calls onDenied(errorJson).
   * onState('open' | 'retrying' | 'stopped') reports the connection for the page to show. authorization may be
   * null (the item streams need none). handlers.lastEventId, when given, is sent as Last-Event-ID on the first
   * connection too: the stream then starts with every event after it (an item's recent bids, with no gap).
   */
  function stream(path, authorization, handlers) {
    let controller = null;
    let stopped = false;
    let delay = 1000;
    let lastId = handlers.lastEventId === undefined || handlers.lastEventId === null ? null : String(handlers.lastEventId);

    async function connectOnce() {
      controller = new AbortController();
      const headers = { Accept: 'text/event-stream' };
      if (authorization) headers.Authorization = authorization;
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const response = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
      if (response.status === 401 || response.status === 403) {
        let error = null;
        try { error = await response.json(); } catch (e) { error = { error: 'unauthorized', message: 'not allowed' }; }
        stopped = true;
        handlers.onState && handlers.onState('stopped');
        handlers.onDenied && handlers.onDenied(error);
        return;
      }
      if (!response.ok || !response.body) throw new Error('stream answered ' + response.status);
      handlers.onState && handlers.onState('open');
      delay = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let type = '';
      let data = [];
      let id = null;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut;
        while ((cut = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, cut);
          buffer = buffer.slice(cut + (buffer.startsWith('\r\n', cut) ? 2 : 1));
          if (line === '') {
            if (data.length) {
              if (id !== null) lastId = id;
              let parsed = null;
              try { parsed = JSON.parse(data.join('\n')); } catch (e) { parsed = data.join('\n'); }
              handlers.onEvent(type || 'message', parsed, id);
            }
            type = ''; data = []; id = null;
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          let value2 = colon < 0 ? '' : line.slice(colon + 1);
          if (value2.startsWith(' ')) value2 = value2.slice(1);
          if (field === 'event') type = value2;
          else if (field === 'data') data.push(value2);
          else if (field === 'id') id = value2;
        }
      }
    }

    (async () => {
      while (!stopped) {
        try {
          await connectOnce();
        } catch (e) {
          if (stopped) break;
        }
        if (stopped) break;
        handlers.onState && handlers.onState('retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 30000);
      }
    })();

    return {
      stop() {
        stopped = true;
        if (controller) controller.abort();
        handlers.onState && handlers.onState('stopped');
      },
    };
  }

  /** Money as the API sends it (a JSON number) shown with two decimals; null as a dash. */
  function money(value) {
    if (value === null || value === undefined || value === '') return '–';
    return Number(value).toFixed(2);
  }

  /** "2 h 05 min", "4 min 09 s", "12 s", "closed" for the time left until `closesAt` (ISO), or "no closing time". */
  function timeLeft(closesAt, now = Date.now()) {
    if (!closesAt) return 'no closing time';
    const left = Math.floor((Date.parse(closesAt) - now) / 1000);
    if (left <= 0) return 'closing';
    const d = Math.floor(left / 86400);
    const h = Math.floor((left % 86400) / 3600);
    const m = Math.floor((left % 3600) / 60);
    const s = left % 60;
    const two = (n) => String(n).padStart(2, '0');
    if (d > 0) return `${d} d ${two(h)} h`;
    if (h > 0) return `${h} h ${two(m)} min`;
    if (m > 0) return `${m} min ${two(s)} s`;
    return `${s} s`;
  }

  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'text') node.textContent = value;
      else if (name === 'class') node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  return { basic, call, signIn, bindSignIn, session, stream, money, timeLeft, el };
})();
