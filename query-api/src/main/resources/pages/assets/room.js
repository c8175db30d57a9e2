/* The auction room: the open items (one listing refreshed every few seconds), the chosen item's live stream
   (one stream: a page holds one, not one per listed item, so a viewer costs the server one
   connection however many items are open), bidding with a Bearer token, and the user's notices. */
'use strict';

(() => {
  const { call, bindSignIn, session, stream, money, timeLeft, el } = Gavel;
  const SESSION_KEY = 'gavel.room';
  const LIST_REFRESH_MS = 5000;
  const FEED_LENGTH = 50;             // the bids the feed shows, newest first
  const $ = (id) => document.getElementById(id);

  let me = session(SESSION_KEY);
  let notices = null;
  const listed = new Map();          // id -> item from GET /items
  const rows = new Map();            // id -> {button, price, countdown}
  let current = null;                // the chosen item's live state
  let pendingBid = null;             // {key, item, body}: retried with the same Idempotency-Key after outcome_unknown

  // ---- money in cents, so that the minimum next bid is computed exactly as the contract's rules say ----
  const cents = (value) => (value === null || value === undefined ? null : Math.round(Number(value) * 100));
  function stepCents(increment, priceCents) {
    if (Array.isArray(increment)) {
      let step = 0;
      for (const rung of increment) if (cents(rung.from) <= priceCents) step = cents(rung.step);
      return step;
    }
    return cents(increment) || 0;
  }
  function minimumCents(rules, priceCents) {
    const start = cents(rules && rules.starting_price) || 0;
    if (priceCents === null) return start;
    const step = stepCents(rules && rules.increment, priceCents);
    return step > 0 ? priceCents + step : start;
  }

  // ---- signing in ----
  function authorization() { return me ? 'Bearer ' + me.token : null; }

  function showAccount() {
    $('signin').hidden = !!me;
    $('signedin').hidden = !me;
    $('me').textContent = me ? me.username : '';
    $('notices-empty').textContent = me ? 'No notices yet.' : 'Sign in to hear when you are outbid, win or lose.';
    updateBidForm();
  }

  bindSignIn(SESSION_KEY, 'Enter your username and password.', (signedIn) => {
    me = signedIn;
    showAccount();
    startNotices();
    $('signout').focus();
  });

  function signOut(reason) {
    if (notices) notices.stop();
    notices = null;
    me = null;
    sessionStorage.removeItem(SESSION_KEY);
    $('notices-state').textContent = '';
    showAccount();
    if (reason) $('signin-error').textContent = reason;
  }
  $('signout').addEventListener('click', () => { signOut(''); $('signin-username').focus(); });

  // ---- notices from GET /users/{username}/live ----
  function startNotices() {
    if (notices) notices.stop();
    const username = me.username;
    notices = stream(`/users/${encodeURIComponent(username)}/live`, authorization(), {
      onEvent: (type, data) => notice(type, data),
      onState: (state) => {
        $('notices-state').textContent = state === 'open' ? 'Notices are on.'
          : state === 'retrying' ? 'Notices are reconnecting…' : '';
        $('notices-state').dataset.state = state;
      },
      onDenied: (error) => signOut(`Your session ended (${error.message}). Sign in again.`),
    });
  }

  function titleOf(id) {
    const item = listed.get(id) || (current && current.id === id ? current.item : null);
    return item && item.title ? `“${item.title}” (${id})` : `item ${id}`;
  }

  function notice(type, data) {
    let text;
    if (type === 'outbid') {
      text = `You were outbid on ${titleOf(data.item)}: ${data.by} leads at ${money(data.price)}.`;
    } else if (type === 'won') {
      text = `You won ${titleOf(data.item)} at ${money(data.result && data.result.price)}.`;
    } else if (type === 'lost') {
      text = data.result === 'no_sale' || !data.result
        ? `${titleOf(data.item)} closed without a sale.`
        : `${titleOf(data.item)} closed: ${data.result.winner} won at ${money(data.result.price)}.`;
    } else {
      return;
    }
    const open = el('button', { type: 'button', class: 'quiet', text: 'Open item' });
    open.addEventListener('click', () => choose(data.item, true));
    const entry = el('li', { class: type, 'data-type': type, 'data-item': data.item }, el('span', { text: text + ' ' }), open);
    $('notices').prepend(entry);
    $('notices-empty').hidden = true;
    while ($('notices').children.length > 20) $('notices').lastChild.remove();
  }

  // ---- the open items ----
  async function refreshList() {
    const reply = await call('GET', '/items?status=open&limit=100');
    if (reply.status !== 200) {
      $('items-state').textContent = `The list could not be loaded: ${reply.body ? reply.body.message : 'no answer'}.`;
      return;
    }
    const items = reply.body.items || [];
    const seen = new Set();
    for (const item of items) {
      seen.add(item.id);
      const live = current && current.id === item.id ? current : null;
      if (live && live.lastSeq > 0) {
        // The chosen item's stream is newer than the listing (which may lag it by a moment).
        item.price = live.price;
        item.closes_at = live.closesAt;
      }
      listed.set(item.id, item);
      renderRow(item);
    }
    for (const id of [...rows.keys()]) {
      if (!seen.has(id)) { rows.get(id).li.remove(); rows.delete(id); listed.delete(id); }
    }
    $('items-state').textContent = items.length ? '' : 'No item is open right now.';
    tick();
    if (!current) {
      const wanted = decodeURIComponent((location.hash.match(/^#item=(.+)$/) || [])[1] || '');
      if (wanted) choose(wanted, false);
      else if (items.length) choose(items[0].id, false);
    }
  }

  function renderRow(item) {
    let row = rows.get(item.id);
    if (!row) {
      const title = el('span', { class: 'title' });
      const price = el('span', { class: 'price' });
      const countdown = el('time', { class: 'countdown' });
      const button = el('button', { type: 'button', 'data-item': item.id }, title, price, countdown);
      button.addEventListener('click', () => choose(item.id, true));
      const li = el('li', {}, button);
      $('items').append(li);
      row = { li, button, title, price, countdown };
      rows.set(item.id, row);
    }
    row.title.textContent = item.title || item.id;
    row.price.textContent = item.price === null ? `from ${money(item.minimum_bid)}` : money(item.price);
    row.countdown.dateTime = item.closes_at || '';
    row.button.setAttribute('aria-current', current && current.id === item.id ? 'true' : 'false');
  }

  // ---- the chosen item ----
  function choose(id, focus) {
    if (current && current.source) current.source.stop();
    current = { id, item: null, price: null, leader: null, closesAt: null, status: null, lastSeq: 0, seqs: new Set(), source: null };
    history.replaceState(null, '', '#item=' + encodeURIComponent(id));
    for (const [rowId, row] of rows) row.button.setAttribute('aria-current', rowId === id ? 'true' : 'false');
    $('feed').replaceChildren();
    $('bid-result').textContent = '';
    $('bid-error').textContent = '';
    $('feed-state').textContent = '';
    $('item-title').textContent = titleOf(id);
    $('item-description').textContent = '';
    delete $('item-view').dataset.loaded;
    const state = current;
    loadItem(state);
    if (focus) $('item-view').focus();
  }

  async function loadItem(state) {
    const id = state.id;
    const [itemReply, winnerReply] = await Promise.all([
      call('GET', `/items/${encodeURIComponent(id)}`),
      call('GET', `/items/${encodeURIComponent(id)}/winner`),
    ]);
    if (current !== state) return;
    if (itemReply.status !== 200) {
      $('item-title').textContent = `Item ${id}`;
      $('item-description').textContent = `This item could not be loaded: ${itemReply.body ? itemReply.body.message : 'no answer'}.`;
      return;
    }
    const item = itemReply.body;
    state.item = item;
    if (state.lastSeq === 0) {
      state.price = item.price;
      state.closesAt = item.closes_at;
      state.status = item.status;
      state.result = item.result;
      if (winnerReply.status === 200) state.leader = winnerReply.body.user;
    }
    if (!state.status) state.status = item.status;
    $('item-title').textContent = item.title || id;
    $('item-description').textContent = item.description || '';
    renderItem();
    $('item-view').dataset.loaded = id;
    follow(state, item.bid_count || 0);
  }

  /**
   * The item's live stream, started after the snapshot above: resuming from FEED_LENGTH bids before its
   * bid_count, it first replays the recent bids (the feed, whatever the item's age) and then every later one,
   * none missed or twice (by seq), also across a reconnect, which resumes after the last bid received.
   */
  function follow(state, bidCount) {
    state.source = stream(`/items/${encodeURIComponent(state.id)}/live`, null, {
      lastEventId: Math.max(0, bidCount - FEED_LENGTH),
      onEvent: (type, data) => {
        if (current !== state) return;
        if (type === 'bid') {
          applyBid(data);
        } else if (type === 'extended') {
          state.closesAt = data.closes_at;
          updateListed({ closes_at: state.closesAt });
          renderItem();
        } else if (type === 'closed') {
          state.status = 'closed';
          state.result = data.result;
          renderItem();
        }
      },
      onState: (connection) => {
        if (current !== state) return;
        $('feed-state').textContent = connection === 'open' ? 'Live.'
          : connection === 'retrying' ? 'Reconnecting to the live feed…' : '';
      },
    });
  }

  function applyBid(bid) {
    const state = current;
    if (state.seqs.has(bid.seq)) return;
    addToFeed(state, bid);
    if (bid.seq > state.lastSeq) {
      state.lastSeq = bid.seq;
      if (bid.price !== null && bid.price !== undefined) state.price = bid.price;
      if (bid.leading) state.leader = bid.user;
      // "you lead" from this page's last bid is no longer true once someone else leads.
      if (bid.leading && me && bid.user !== me.username) $('bid-result').textContent = '';
      updateListed({ price: state.price });
      renderItem();
    }
  }

  function addToFeed(state, bid) {
    if (state.seqs.has(bid.seq)) return;
    state.seqs.add(bid.seq);
    const time = new Date(bid.ts);
    const entry = el('li', { 'data-seq': String(bid.seq) },
      el('span', { class: 'seq', text: '#' + bid.seq }),
      el('span', { text: bid.user }),
      el('span', { text: money(bid.amount) + (bid.auto ? ' (automatic)' : '') }),
      el('time', { datetime: bid.ts, class: 'muted', text: isNaN(time) ? '' : time.toLocaleTimeString() }));
    // Newest first, in seq order even when the snapshot arrives after live bids.
    const later = [...$('feed').children].find((li) => Number(li.dataset.seq) < bid.seq);
    $('feed').insertBefore(entry, later || null);
    while ($('feed').children.length > FEED_LENGTH) $('feed').lastChild.remove();
  }

  function updateListed(change) {
    const item = listed.get(current.id);
    if (!item) return;
    Object.assign(item, change);
    renderRow(item);
    tick();
  }

  function renderItem() {
    const state = current;
    const rules = state.item ? state.item.rules : {};
    $('item-price').textContent = state.price === null ? 'no bid yet' : money(state.price);
    $('item-leader').textContent = state.leader || '–';
    $('item-minimum').textContent = state.item ? money(minimumCents(rules, cents(state.price)) / 100) : '–';
    $('item-countdown').dateTime = state.closesAt || '';
    $('item-status').textContent = state.status === 'closed' ? closedText(state.result) : state.status || '–';
    tick();
    updateBidForm();
  }

  function closedText(result) {
    if (!result || result === 'no_sale') return 'closed, no sale';
    return `closed: ${result.winner} won at ${money(result.price)}`;
  }

  function updateBidForm() {
    const open = !!(current && current.status === 'open');
    $('bid-fields').disabled = !(me && open);
    $('bid-hint').textContent = !me ? 'Sign in to bid.'
      : !current ? 'Choose an item to bid.'
        : open ? `Bid at least ${$('item-minimum').textContent}. A maximum bid stays secret; we bid for you up to it.`
          : 'This item is not open for bids.';
  }

  // ---- countdowns: one timer for every visible clock ----
  function tick() {
    const now = Date.now();
    for (const row of rows.values()) {
      const left = timeLeft(row.countdown.dateTime, now);
      row.countdown.textContent = row.countdown.dateTime ? 'closes in ' + left : left;
    }
    if (current) {
      const clock = $('item-countdown');
      const left = timeLeft(current.closesAt, now);
      clock.textContent = current.status === 'closed' ? 'closed' : left;
      if (left === 'closing' && current.status === 'open' && !current.refreshing) {
        // No closed event yet (the stream may be reconnecting): ask the item itself, at most once a second.
        current.refreshing = true;
        const state = current;
        call('GET', `/items/${encodeURIComponent(state.id)}`).then((reply) => {
          state.refreshing = false;
          if (current === state && reply.status === 200) {
            state.status = reply.body.status;
            state.closesAt = reply.body.closes_at;
            state.result = reply.body.result;
            renderItem();
          }
        });
      }
    }
  }

  // ---- bidding ----
  const MONEY = /^\d{1,13}(\.\d{1,2})?$/;
  $('bid-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!me || !current) return;
    $('bid-result').textContent = '';
    $('bid-error').textContent = '';
    const amountText = $('bid-amount').value.trim();
    const maxText = $('bid-max').value.trim();
    if (!amountText) {
      $('bid-error').textContent = 'Enter the amount of your bid.';
      $('bid-amount').focus();
      return;
    }
    // A well-formed amount goes as a JSON number; anything else as typed, so the API's own words explain it.
    const body = { amount: MONEY.test(amountText) ? Number(amountText) : amountText };
    if (maxText) body.max_amount = MONEY.test(maxText) ? Number(maxText) : maxText;
    const bodyText = JSON.stringify(body);
    const retry = pendingBid && pendingBid.item === current.id && pendingBid.body === bodyText;
    const key = retry ? pendingBid.key : crypto.randomUUID();
    const state = current;
    $('bid-submit').disabled = true;
    const reply = await call('PUT', `/items/${encodeURIComponent(state.id)}/bids`, {
      authorization: authorization(), body, headers: { 'Idempotency-Key': key } });
    $('bid-submit').disabled = false;
    if (reply.status === 504 || reply.status === 0) {
      pendingBid = { key, item: state.id, body: bodyText };
    } else {
      pendingBid = null;
    }
    if (reply.status === 201) {
      const bid = reply.body;
      $('bid-amount').value = '';
      $('bid-max').value = '';
      $('bid-result').textContent = bid.leading
        ? `Your bid of ${money(bid.amount)} is recorded (#${bid.seq}): you lead at ${money(bid.price)}.`
        : `Your bid of ${money(bid.amount)} is recorded (#${bid.seq}), but you do not lead: the price is ${money(bid.price)}.`;
      if (current === state && bid.seq > state.lastSeq) {
        applyBid({ seq: bid.seq, user: bid.user, amount: bid.amount, price: bid.price, leading: bid.leading, auto: false, ts: bid.ts });
        if (bid.closes_at) { state.closesAt = bid.closes_at; updateListed({ closes_at: bid.closes_at }); }
        state.status = bid.status;
        renderItem();
      }
      return;
    }
    $('bid-error').textContent = bidError(reply);
    if (reply.status === 401) signOut('Your session ended. Sign in again to bid.');
  });

  /** Every error the contract names for a bid, in words; the API's own message is always part of it. */
  function bidError(reply) {
    const error = reply.body || {};
    const said = error.message ? ` (${error.message})` : '';
    switch (error.error) {
      case 'bid_too_low':
        return `Your bid is too low: the minimum bid is ${money(error.minimum_bid)}.`;
      case 'bad_request':
        return `That bid cannot be placed: ${error.message || 'the amount is not valid'}. Use a number with at most two decimals.`;
      case 'unauthorized': return `You are not signed in${said}.`;
      case 'forbidden': return `Your account may not bid on this item${said}.`;
      case 'not_found': return `This item does not exist${said}.`;
      case 'conflict': return `This item is not open for bids${said}.`;
      case 'payload_too_large': return `That bid is too large to send${said}.`;
      case 'unsupported_media_type': return `The bid could not be read${said}.`;
      case 'too_many_requests':
        return `Too many requests: try again in ${reply.headers.get('Retry-After') || 'a few'} seconds${said}.`;
      case 'unavailable': return `Your bid was not recorded: the auction is unavailable for a moment. Try again${said}.`;
      case 'outcome_unknown':
        return `We could not confirm whether your bid was recorded. Press “Place bid” again to find out: it is never recorded twice${said}.`;
      case 'network': return 'The auction could not be reached. Check your connection and press “Place bid” again: it is never recorded twice.';
      default: return `Your bid failed: ${error.message || 'unexpected answer ' + reply.status}.`;
    }
  }

  // An address with another #item=... (a link, the back button) chooses that item.
  window.addEventListener('hashchange', () => {
    const wanted = decodeURIComponent((location.hash.match(/^#item=(.+)$/) || [])[1] || '');
    if (wanted && (!current || current.id !== wanted)) choose(wanted, false);
  });

  // ---- start ----
  showAccount();
  if (me) startNotices();
  refreshList();
  setInterval(refreshList, LIST_REFRESH_MS);
  setInterval(tick, 1000);
})();
