'use strict';
// Jaqs console: polls /api/overview, draws each queue's recent history, browses, purges and redrives.
// Every value from the server is put in the page with textContent (never as HTML).
const POLL_MS = 2000;
const HISTORY_MS = 10 * 60 * 1000;
const history = {};          // queue -> [{t, visible, age}]
let auth = sessionStorage.getItem('jaqs-auth');
let admin = false;
let watchedTask = null;

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) e.append(c);
  return e;
}

async function api(method, path) {
  const headers = {};
  if (auth) headers['Authorization'] = auth;
  const r = await fetch('api/' + path, { method, headers });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error + ': ' + body.message);
  return body;
}

function showError(e) {
  const p = document.getElementById('error');
  p.hidden = !e;
  p.textContent = e ? String(e.message || e) : '';
}

function record(q, now) {
  const h = history[q.name] || (history[q.name] = []);
  h.push({ t: now, visible: q.visible, age: q.ageOfOldestMessage });
  while (h.length && h[0].t < now - HISTORY_MS) h.shift();
}

function draw(canvas, points) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, hgt = canvas.height;
  ctx.clearRect(0, 0, w, hgt);
  if (points.length < 2) return;
  const t0 = points[0].t, t1 = points[points.length - 1].t || t0 + 1;
  const line = (key, color) => {
    const max = Math.max(1, ...points.map(p => p[key]));
    ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.beginPath();
    points.forEach((p, i) => {
      const x = (p.t - t0) / Math.max(1, t1 - t0) * (w - 2) + 1;
      const y = hgt - 2 - p[key] / max * (hgt - 4);
      i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.stroke();
  };
  line('visible', '#0b5cad');
  line('age', '#d9822b');
}

function renderQueues(o) {
  const tbody = document.querySelector('#queues tbody');
  const seen = new Set();
  for (const q of o.queues) {
    seen.add(q.name);
    record(q, o.now);
    let row = tbody.querySelector(`tr[data-queue="${CSS.escape(q.name)}"]`);
    if (!row) {
      row = el('tr');
      row.dataset.queue = q.name;
      const link = el('a', { className: 'queue', textContent: q.name, onclick: () => browse(q.name) });
      const nameCell = el('td', {}, link);
      if (q.deadLetterSources.length) {
        nameCell.append(el('span', { className: 'dlq-tag', title: 'dead-letter queue of ' + q.deadLetterSources.join(', '),
          textContent: 'DLQ' }));
      }
      const actions = el('td', { className: 'actions' });
      if (q.deadLetterSources.length) {
        actions.append(el('button', { className: 'redrive', textContent: 'Redrive', onclick: () => redrive(q.name) }));
      }
      actions.append(el('button', { className: 'purge', textContent: 'Purge', onclick: () => purge(q.name) }));
      row.append(nameCell, el('td', { className: 'num visible' }), el('td', { className: 'num notVisible' }),
        el('td', { className: 'num delayed' }), el('td', { className: 'num age' }),
        el('td', {}, el('canvas', { className: 'chart', width: 240, height: 36 })), actions);
      tbody.append(row);
    }
    row.querySelector('.visible').textContent = q.visible;
    row.querySelector('.notVisible').textContent = q.notVisible;
    row.querySelector('.delayed').textContent = q.delayed;
    row.querySelector('.age').textContent = q.ageOfOldestMessage;
    row.querySelectorAll('button').forEach(b => { b.disabled = !admin; b.title = admin ? '' : 'log in as admin'; });
    draw(row.querySelector('canvas'), history[q.name]);
  }
  tbody.querySelectorAll('tr').forEach(r => { if (!seen.has(r.dataset.queue)) r.remove(); });
}

async function refresh() {
  try {
    const o = await api('GET', 'overview');
    admin = o.admin;
    const health = document.getElementById('health');
    health.textContent = o.health.up ? 'store up' : 'store DOWN: ' + o.health.problem;
    health.className = 'health ' + (o.health.up ? 'up' : 'down');
    document.getElementById('mode').textContent = o.admin ? 'admin' : (o.adminConfigured ? 'read-only (log in to change)' : 'read-only');
    document.getElementById('login').hidden = o.admin || !o.adminConfigured;
    renderQueues(o);
    if (watchedTask) await showTask();
    showError(null);
  } catch (e) {
    showError(e);
  }
}

async function browse(queue) {
  try {
    const r = await api('GET', 'queues/' + encodeURIComponent(queue) + '/messages?max=20');
    document.getElementById('browse').hidden = false;
    document.getElementById('browse-queue').textContent = queue;
    const tbody = document.querySelector('#messages tbody');
    tbody.replaceChildren(...r.messages.map(m => el('tr', {},
      el('td', { textContent: m.messageId }), el('td', { className: 'num', textContent: m.receiveCount }),
      el('td', { textContent: m.sent }), el('td', { textContent: m.messageGroupId || '' }),
      el('td', { textContent: Object.entries(m.attributes).map(([k, v]) => k + ' = ' + v).join('\n') }),
      el('td', { className: 'body', textContent: (m.bodyIsBase64 ? 'base64: ' : '') + m.body }))));
  } catch (e) {
    showError(e);
  }
}

async function purge(queue) {
  if (!confirm('Delete every message of ' + queue + '? This cannot be undone.')) return;
  try {
    await api('POST', 'queues/' + encodeURIComponent(queue) + '/purge');
    await refresh();
  } catch (e) {
    showError(e);
  }
}

async function redrive(queue) {
  try {
    const r = await api('POST', 'queues/' + encodeURIComponent(queue) + '/redrive');
    watchedTask = { queue, handle: r.taskHandle };
    await showTask();
  } catch (e) {
    showError(e);
  }
}

async function showTask() {
  const r = await api('GET', 'queues/' + encodeURIComponent(watchedTask.queue) + '/tasks');
  const t = r.tasks.find(x => x.taskHandle === watchedTask.handle);
  if (!t) return;
  document.getElementById('task').hidden = false;
  document.getElementById('task-status').textContent =
    `${watchedTask.queue}: ${t.status} — ${t.moved} of ${t.toMove} moved` + (t.failureReason ? ' (' + t.failureReason + ')' : '');
}

document.getElementById('login').addEventListener('submit', ev => {
  ev.preventDefault();
  const user = document.getElementById('login-user').value;
  const pw = document.getElementById('login-password').value;
  auth = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + pw)));
  sessionStorage.setItem('jaqs-auth', auth);
  refresh();
});

refresh();
setInterval(refresh, POLL_MS);
