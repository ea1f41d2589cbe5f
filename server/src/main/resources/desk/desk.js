// The desk: plain JavaScript, no build step. Text is put in the page with textContent only, never as HTML.
'use strict';
(function () {
  const POLL_MS = 30000;
  let session = null;
  let poll = null;
  let board = null;
  let filter = null;
  let boardPath = null;
  let boardTag = null;
  let soon = null;

  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const row = (cells) => {
    const tr = el('tr');
    cells.forEach((c) => tr.appendChild(c instanceof Node ? wrap(c) : el('td', c)));
    return tr;
  };
  const wrap = (node) => { const td = el('td'); td.appendChild(node); return td; };

  async function api(path, options) {
    const opts = Object.assign({ credentials: 'same-origin', headers: {} }, options || {});
    if (opts.body !== undefined) {
      opts.method = 'POST';
      opts.headers['Content-Type'] = 'application/json';
      if (session) opts.headers['X-CSRF-Token'] = session.csrf;
      opts.body = JSON.stringify(opts.body);
    }
    const res = await fetch(path, opts);
    if (opts.tag) opts.tag(res.headers.get('ETag'), res);
    if (res.status === 304) return null;
    const data = await res.json().catch(() => ({}));
    if (res.status === 401 && path !== '/admin/api/signin') {
      showSignIn();
      throw new Error(data.message || 'Silakan masuk lagi.');
    }
    if (!res.ok && !(data && data.results)) throw new Error(data.message || ('Gagal (' + res.status + ')'));
    return data;
  }

  function error(message) { $('error').textContent = message || ''; }

  function showSignIn() {
    session = null;
    boardPath = null;
    if (poll) clearInterval(poll);
    $('desk').hidden = true;
    $('signout').hidden = true;
    $('who').textContent = '';
    $('signin').hidden = false;
    $('name').focus();
  }

  function showDesk(s) {
    session = s;
    $('signin').hidden = true;
    $('desk').hidden = false;
    $('signout').hidden = false;
    $('who').textContent = s.name + (s.role === 'BKPSDM' ? ' (BKPSDM)' : ' (admin OPD)');
    fillUnits(s);
    if (s.home) $('unit').value = s.home;
    document.querySelector('nav button[data-tab=bkpsdm]').hidden = s.role !== 'BKPSDM';
    $('month').value = new Date().toISOString().slice(0, 7);
    tab('today');
  }

  function fillUnits(s) {
    const select = $('unit');
    const chosen = select.value;
    select.textContent = '';
    if (s.role === 'BKPSDM') select.appendChild(el('option', 'Semua unit')).value = '';
    s.units.forEach((u) => { const o = el('option', u.code + ' — ' + u.name); o.value = u.code; select.appendChild(o); });
    select.value = chosen;
  }

  // The units are read again at each tab: one imported since sign-in shows without signing in again.
  async function renewUnits() {
    try {
      const s = await api('/admin/api/session');
      const codes = (x) => x.units.map((u) => u.code + ' ' + u.name).join('|');
      if (session && codes(s) !== codes(session)) fillUnits(s);
      session = s;
    } catch (e) { /* the list as it was */ }
  }

  const unitQuery = () => ($('unit').value ? '&unit=' + encodeURIComponent($('unit').value) : '');

  function tab(name) {
    document.querySelectorAll('nav button[data-tab]').forEach((b) => {
      if (b.dataset.tab === name) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current');
    });
    document.querySelectorAll('nav button[data-tab]').forEach((b) => { $(b.dataset.tab).hidden = b.dataset.tab !== name; });
    if (poll) clearInterval(poll);
    clearTimeout(soon);
    error('');
    renewUnits();
    if (name === 'today') { loadBoard(); poll = setInterval(loadBoard, POLL_MS); }
    if (name === 'requests') loadRequests();
    if (name === 'recap') loadRecap();
    // sections in their own files (desk-signals.js, desk-devices.js) load themselves on this
    document.dispatchEvent(new CustomEvent('desk:tab', { detail: name }));
  }

  async function loadBoard(again) {
    try {
      const path = '/admin/api/today?x=1' + unitQuery();
      let age = 0;
      // the same board as last time is answered 304 without its body: nothing to redraw
      const fresh = await api(path, { headers: path === boardPath && boardTag ? { 'If-None-Match': boardTag } : {},
        tag: (t, res) => { boardTag = t; age = Number(res.headers.get('Age')) || 0; } });
      // an old board is answered at once while the server computes it again: ask once more shortly for the new one
      clearTimeout(soon);
      if (age > 5 && again !== true) soon = setTimeout(() => loadBoard(true), 3000);
      if (fresh === null) return;
      board = fresh;
      boardPath = path;
      $('today-at').textContent = 'diperbarui pukul ' + board.localTime.replace(/:/g, '.') + ' WITA';
      const groups = $('groups');
      groups.textContent = '';
      board.groups.forEach((g) => {
        const b = el('button');
        b.type = 'button';
        b.setAttribute('aria-pressed', String(filter === g.group));
        b.appendChild(el('strong', g.count));
        b.appendChild(document.createTextNode(g.label));
        b.addEventListener('click', () => { filter = filter === g.group ? null : g.group; renderBoard(); loadBoardButtons(); });
        const li = el('li');
        li.appendChild(b);
        groups.appendChild(li);
      });
      renderBoard();
    } catch (e) { error(e.message); }
  }

  function loadBoardButtons() {
    document.querySelectorAll('#groups button').forEach((b, i) => b.setAttribute('aria-pressed', String(board.groups[i].group === filter)));
  }

  function renderBoard() {
    const body = $('board').querySelector('tbody');
    body.textContent = '';
    const label = filter ? board.groups.find((g) => g.group === filter).label : 'Semua pegawai';
    $('board-caption').textContent = label;
    board.people.filter((p) => !filter || p.groups.includes(filter)).forEach((p) => {
      const open = el('button', p.name);
      open.type = 'button';
      open.addEventListener('click', () => openPerson(p));
      body.appendChild(row([p.key, open, p.unit, p.codes.join(' '), p.in || '', p.out || '', p.explanation]));
    });
  }

  async function openPerson(p) {
    try {
      const day = await api('/admin/api/today/person?key=' + encodeURIComponent(p.key));
      $('person-title').textContent = p.name + ' (' + p.key + ')';
      const body = $('attempts').querySelector('tbody');
      body.textContent = '';
      day.attempts.forEach((a) => body.appendChild(row([a.at.slice(11, 19), a.type || '-', a.source,
        a.accepted ? 'diterima' : 'ditolak' + (a.reason ? ' (' + a.reason + ')' : ''), a.message])));
      if (!day.attempts.length) body.appendChild(row(['-', '', '', '', 'Belum ada percobaan presensi.']));
      const x = day.explain;
      const lines = ['Tanggal kerja: ' + x.workDate + (x.workingDay ? ' (hari kerja)' : ' (bukan hari kerja)'),
        'Presensi: ' + x.open + (x.closedReason ? ' — ' + x.closedReason : '')];
      if (x.expected) lines.push('Jadwal: ' + x.expected.start + '–' + x.expected.end + (x.expected.shift ? ' shift ' + x.expected.shift : ''));
      if (x.leave) lines.push('Cuti/izin: ' + x.leave.description);
      (x.sources || []).forEach((s) => lines.push('• ' + s));
      $('explain').textContent = lines.join('\n');
      $('person').hidden = false;
      $('person-close').focus();
    } catch (e) { error(e.message); }
  }

  const ACTORS = { ADMIN: 'admin OPD', HEAD: 'kepala', OPD_HEAD: 'kepala OPD', BKPSDM: 'BKPSDM' };
  const STEP_STATUS = { WAITING: 'menunggu giliran', CURRENT: 'giliran sekarang', APPROVED: 'disetujui', REJECTED: 'ditolak',
    ESCALATED: 'dieskalasi (lewat batas)', LAPSED: 'kedaluwarsa', CLOSED: 'tidak diperlukan' };

  // where a request stands on its approval chain: one line per step, who and until when
  function standing(steps) {
    if (!steps || !steps.length) return '';
    return ' | ' + steps.map((s) => s.position + '. ' + ACTORS[s.actor] + (s.signer ? ' (' + s.signer + ')' : '') + ': '
      + STEP_STATUS[s.status] + (s.status === 'CURRENT' && s.dueAt ? ' s.d. ' + new Date(s.dueAt).toLocaleString('id-ID') : '')
      + (s.decidedBy ? ' oleh ' + s.decidedBy : '')).join('; ');
  }

  async function loadRequests() {
    try {
      const data = await api('/admin/api/requests?x=1' + unitQuery());
      const body = $('inbox').querySelector('tbody');
      body.textContent = '';
      data.requests.forEach((r) => {
        const pick = el('input');
        pick.type = 'checkbox';
        pick.value = r.id;
        pick.disabled = r.status !== 'PENDING';
        pick.setAttribute('aria-label', 'Pilih permohonan ' + r.id);
        let letter = document.createTextNode('-');
        if (r.attachment) {
          letter = el('button', 'Lihat');
          letter.type = 'button';
          letter.addEventListener('click', () => {
            $('letter-img').src = '/admin/api/requests/' + r.id + '/attachment';
            $('letter').hidden = false;
            $('letter-close').focus();
          });
        }
        const when = r.dateFrom + (r.dateTo !== r.dateFrom ? ' s.d. ' + r.dateTo : '') + (r.at ? ' ' + new Date(r.at).toLocaleTimeString('id-ID') : '');
        const d = r.deadline;
        const deadline = d ? 'batas pengajuan ' + d.submitBy + ' (' + d.workdays + ' hari kerja)'
          + (d.monthClosed ? '; bulan sudah ditutup, keputusan menunggu BKPSDM membukanya' : '') : '-';
        body.appendChild(row([pick, r.id, r.name + ' (' + r.key + ')', r.label, when, deadline, r.reason,
          r.status + (r.note ? ': ' + r.note : '') + standing(r.steps), letter]));
      });
    } catch (e) { error(e.message); }
  }

  async function decide(decision) {
    const ids = Array.from(document.querySelectorAll('#inbox input[type=checkbox]:checked')).map((c) => Number(c.value));
    if (!ids.length) { $('decide-result').textContent = 'Pilih permohonan dulu.'; return; }
    try {
      const data = await api('/admin/api/requests/decide', { body: { ids: ids, decision: decision, note: $('note').value } });
      const done = data.results.filter((r) => r.ok).length;
      const failed = data.results.filter((r) => !r.ok).map((r) => r.message);
      $('decide-result').textContent = done + ' permohonan ' + (decision === 'APPROVE' ? 'disetujui' : 'ditolak') + '.'
        + (failed.length ? ' Gagal: ' + failed.join('; ') : '');
      loadRequests();
    } catch (e) { $('decide-result').textContent = e.message; }
  }

  async function loadRecap() {
    const month = $('month').value;
    const query = 'month=' + encodeURIComponent(month) + unitQuery();
    $('download-xlsx').href = '/admin/api/recap.xlsx?' + query;
    $('download-csv').href = '/admin/api/recap.csv?' + query;
    try {
      const data = await api('/admin/api/recap?' + query);
      $('recap-notice').hidden = !data.notice;
      $('recap-notice').textContent = data.notice || '';
      const head = $('grid').querySelector('thead');
      const body = $('grid').querySelector('tbody');
      head.textContent = '';
      body.textContent = '';
      const hr = el('tr');
      ['NIP/NIK', 'Nama'].forEach((h) => hr.appendChild(el('th', h)));
      for (let d = 1; d <= data.days; d++) hr.appendChild(el('th', d, data.offDays.includes(d) ? 'off' : ''));
      hr.appendChild(el('th', 'Potongan TPP'));
      head.appendChild(hr);
      data.employees.forEach((e) => {
        const tr = el('tr');
        tr.appendChild(el('td', e.key));
        const name = el('button', e.name);
        name.type = 'button';
        name.addEventListener('click', () => explain(e, query));
        tr.appendChild(wrap(name));
        e.days.forEach((day, i) => tr.appendChild(el('td', day[0], day[1] ? 'k-' + day[1] : (data.offDays.includes(i + 1) ? 'off' : ''))));
        tr.appendChild(el('td', e.deduction));
        body.appendChild(tr);
      });
    } catch (e) { error(e.message); }
  }

  async function explain(e, query) {
    try {
      const data = await api('/admin/api/recap/explain?' + query + '&key=' + encodeURIComponent(e.key));
      $('explain-month-title').textContent = 'Potongan TPP ' + data.name + ': ' + data.total + ' (aturan "' + data.rules + '")';
      const list = $('explain-lines');
      list.textContent = '';
      if (!data.lines.length) list.appendChild(el('li', 'Tidak ada potongan.'));
      data.lines.forEach((l) => list.appendChild(el('li', l.date + ': ' + l.what + ' — ' + l.percent)));
      $('explain-month').hidden = false;
    } catch (err) { error(err.message); }
  }

  // what the sections in their own files share with this one
  window.Desk = Object.freeze({ api: api, el: el, row: row, wrap: wrap, unitQuery: unitQuery, error: error });

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      $('signin-error').textContent = '';
      try {
        const s = await api('/admin/api/signin', { body: { name: $('name').value, password: $('password').value } });
        $('password').value = '';
        showDesk(s);
      } catch (e) { $('signin-error').textContent = e.message; }
    });
    $('signout').addEventListener('click', async () => {
      try { await api('/admin/api/signout', { body: {} }); } catch (e) { /* signed out either way */ }
      showSignIn();
    });
    document.querySelectorAll('nav button[data-tab]').forEach((b) => b.addEventListener('click', () => tab(b.dataset.tab)));
    $('unit').addEventListener('change', () => tab(document.querySelector('nav button[aria-current]').dataset.tab));
    $('person-close').addEventListener('click', () => { $('person').hidden = true; });
    $('letter-close').addEventListener('click', () => { $('letter').hidden = true; $('letter-img').removeAttribute('src'); });
    $('approve').addEventListener('click', () => decide('APPROVE'));
    $('reject').addEventListener('click', () => decide('REJECT'));
    $('recap-show').addEventListener('click', loadRecap);
    api('/admin/api/session').then(showDesk).catch(() => showSignIn());
  });
}());
