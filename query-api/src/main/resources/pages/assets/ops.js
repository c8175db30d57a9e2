/* The operators' page: GET /live/operations (admin, read with fetch() since EventSource cannot send a token),
   one event a second drawn into two uPlot charts, the hot items and each acceptor's health. */
'use strict';

(() => {
  const { bindSignIn, session, stream, el } = Gavel;
  const SESSION_KEY = 'gavel.ops';
  const KEEP = 300; // five minutes of one-second points
  const $ = (id) => document.getElementById(id);

  let me = session(SESSION_KEY);
  let feed = null;
  const times = [];
  const bids = [];
  const impressions = [];
  const certificates = [];
  const lag = [];
  let writesChart = null;
  let lagChart = null;

  function chart(target, series, data) {
    const width = Math.max(280, target.clientWidth);
    return new uPlot({
      width, height: 220,
      scales: { x: { time: true } },
      axes: [{ stroke: '#4a5563' }, { stroke: '#4a5563' }],
      series: [{}].concat(series),
    }, data, target);
  }

  function charts() {
    if (writesChart) return;
    writesChart = chart($('writes-chart'), [
      { label: 'bids/s', stroke: '#0a58a8', width: 2 },
      { label: 'impressions/s', stroke: '#b35c00', width: 2 },
      { label: 'certificates/s', stroke: '#1d6b2f', width: 2 },
    ], [times, bids, impressions, certificates]);
    lagChart = chart($('lag-chart'), [{ label: 'lag (s)', stroke: '#a3161a', width: 2 }], [times, lag]);
    window.addEventListener('resize', () => {
      writesChart.setSize({ width: Math.max(280, $('writes-chart').clientWidth), height: 220 });
      lagChart.setSize({ width: Math.max(280, $('lag-chart').clientWidth), height: 220 });
    });
  }

  const rate = (n) => (n === null || n === undefined ? '–' : Number(n).toFixed(1));

  function operations(data) {
    charts();
    const now = Date.now() / 1000;
    times.push(now);
    bids.push(data.bids_per_second);
    impressions.push(data.impressions_per_second);
    certificates.push(data.certificates_per_second);
    lag.push(data.archive_lag_seconds);
    if (times.length > KEEP) for (const a of [times, bids, impressions, certificates, lag]) a.shift();
    writesChart.setData([times, bids, impressions, certificates]);
    lagChart.setData([times, lag]);
    $('writes-chart').dataset.points = String(times.length);
    $('now-bids').textContent = rate(data.bids_per_second);
    $('now-impressions').textContent = rate(data.impressions_per_second);
    $('now-certificates').textContent = rate(data.certificates_per_second);
    $('now-lag').textContent = data.archive_lag_seconds === null || data.archive_lag_seconds === undefined
      ? '–' : `${Number(data.archive_lag_seconds).toFixed(2)} s`;
    const at = new Date();
    $('now-time').dateTime = at.toISOString();
    $('now-time').textContent = at.toLocaleTimeString();
    const hot = (data.hot_items || []).map((item) => el('tr', {},
      el('td', {}, el('a', { href: '/#item=' + encodeURIComponent(item.item), text: item.item })),
      el('td', { class: 'num', text: rate(item.bids_per_second) })));
    $('hot-items').replaceChildren(...(hot.length ? hot : [el('tr', {}, el('td', { colspan: '2', class: 'muted', text: 'No bids over the last 10 seconds.' }))]));
    const acceptors = (data.acceptors || []).map((a) => el('li', {
      class: a.healthy ? 'health-up' : 'health-down', 'data-healthy': String(!!a.healthy),
      text: `${a.instance}: ${a.healthy ? 'healthy' : 'NOT healthy'}` }));
    $('acceptors').replaceChildren(...(acceptors.length ? acceptors : [el('li', { class: 'muted', text: 'No acceptor is configured.' })]));
  }

  function showAccount() {
    $('signin').hidden = !!me;
    $('signedin').hidden = !me;
    $('me').textContent = me ? me.username : '';
  }

  function start() {
    if (feed) feed.stop();
    feed = stream('/live/operations', 'Bearer ' + me.token, {
      onEvent: (type, data) => { if (type === 'operations') operations(data); },
      onState: (state) => {
        $('stream-state').textContent = state === 'open' ? 'Live.' : state === 'retrying' ? 'Reconnecting…' : '';
      },
      onDenied: (error) => signOut(error.error === 'forbidden'
        ? `This account is not an operator (${error.message}). Sign in as admin.`
        : `Your session ended (${error.message}). Sign in again.`),
    });
  }

  function signOut(reason) {
    if (feed) feed.stop();
    feed = null;
    me = null;
    sessionStorage.removeItem(SESSION_KEY);
    showAccount();
    $('signin-error').textContent = reason || '';
  }

  bindSignIn(SESSION_KEY, 'Enter the admin username and password.', (signedIn) => {
    me = signedIn;
    showAccount();
    start();
    $('signout').focus();
  });
  $('signout').addEventListener('click', () => { signOut(''); $('signin-password').focus(); });

  showAccount();
  if (me) start();
})();
